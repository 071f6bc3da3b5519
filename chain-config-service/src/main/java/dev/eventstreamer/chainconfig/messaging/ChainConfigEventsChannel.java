package dev.eventstreamer.chainconfig.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxChannel;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Registry changes leave through the outbox on chain-config-events (Kafka or AMQP by config). */
@ApplicationScoped
public class ChainConfigEventsChannel {

  @Produces
  @Singleton
  OutboxChannel chainConfigEvents(
      @Channel(Channels.CHAIN_CONFIG_EVENTS) MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(Channels.CHAIN_CONFIG_EVENTS, emitter);
  }
}
