package dev.eventstreamer.subscription.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxChannel;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Declares subscription-events as an outbox channel: the relay publishes its rows there. */
@ApplicationScoped
public class SubscriptionEventsChannel {

  @Produces
  @Singleton
  OutboxChannel subscriptionEvents(
      @Channel(Channels.SUBSCRIPTION_EVENTS) MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(Channels.SUBSCRIPTION_EVENTS, emitter);
  }
}
