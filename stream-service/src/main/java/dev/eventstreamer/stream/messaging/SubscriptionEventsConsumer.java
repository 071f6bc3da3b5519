package dev.eventstreamer.stream.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.messaging.EventConsumer;
import dev.eventstreamer.stream.service.SubscriptionProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Feeds the subscription projection from subscription-service's events. */
@ApplicationScoped
public class SubscriptionEventsConsumer {

  private final SubscriptionProjection projection;

  public SubscriptionEventsConsumer(SubscriptionProjection projection) {
    this.projection = projection;
  }

  @Incoming(Channels.SUBSCRIPTION_EVENTS)
  public Uni<Void> consume(Message<?> message) {
    return EventConsumer.consume(Channels.SUBSCRIPTION_EVENTS, message, projection::apply);
  }
}
