package dev.eventstreamer.common.messaging.impl;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.PublisherDecorator;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Marks messages from excluded incoming channels before the incoming interceptor sees them. */
@Singleton
public final class IncomingOptOutDecorator implements PublisherDecorator {

  private final ExcludedChannels excluded;

  IncomingOptOutDecorator(
      @ConfigProperty(name = ExcludedChannels.KEY) Optional<List<String>> names) {
    this.excluded = new ExcludedChannels(names);
  }

  @Override
  public int getPriority() {
    // Below SmallRye's IncomingInterceptorDecorator (500): applied first, so upstream of it.
    return 400;
  }

  @Override
  public Multi<? extends Message<?>> decorate(
      Multi<? extends Message<?>> publisher, String channelName, boolean isConnector) {
    if (!isConnector || !excluded.any(List.of(channelName))) {
      return publisher;
    }
    return publisher.map(message -> message.addMetadata(CorrelationOptOut.INSTANCE));
  }
}
