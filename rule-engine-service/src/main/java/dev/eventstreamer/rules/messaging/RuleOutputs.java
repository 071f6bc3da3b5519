package dev.eventstreamer.rules.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxChannel;
import dev.eventstreamer.rules.service.Changes;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Where the outbox relays what the rules produce: emitted events to domain-events, faults to
 * faults, the store's changes to rule-changes. The outgoing channels have names of their own
 * ({@code -out}) because the service also consumes two of those topics.
 */
@ApplicationScoped
public class RuleOutputs {

  @Produces
  @Singleton
  OutboxChannel domainEvents(@Channel("domain-events-out") MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(Channels.DOMAIN_EVENTS, emitter);
  }

  @Produces
  @Singleton
  OutboxChannel faults(@Channel(Channels.FAULTS) MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(Channels.FAULTS, emitter);
  }

  @Produces
  @Singleton
  OutboxChannel changes(@Channel("rule-changes-out") MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(Changes.CHANNEL, emitter);
  }
}
