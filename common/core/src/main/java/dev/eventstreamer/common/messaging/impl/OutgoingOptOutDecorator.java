package dev.eventstreamer.common.messaging.impl;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.SubscriberDecorator;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Marks messages to excluded outgoing channels before the outgoing interceptor sees them. */
@Singleton
public final class OutgoingOptOutDecorator implements SubscriberDecorator {

  private final ExcludedChannels excluded;

  OutgoingOptOutDecorator(
      @ConfigProperty(name = ExcludedChannels.KEY) Optional<List<String>> names) {
    this.excluded = new ExcludedChannels(names);
  }

  @Override
  public int getPriority() {
    // Below SmallRye's OutgoingInterceptorDecorator (2000): applied first, so upstream of it.
    return 1900;
  }

  @Override
  public Multi<? extends Message<?>> decorate(
      Multi<? extends Message<?>> toBeSubscribed, List<String> channelName, boolean isConnector) {
    if (!isConnector || !excluded.any(channelName)) {
      return toBeSubscribed;
    }
    return toBeSubscribed.map(message -> message.addMetadata(CorrelationOptOut.INSTANCE));
  }
}
