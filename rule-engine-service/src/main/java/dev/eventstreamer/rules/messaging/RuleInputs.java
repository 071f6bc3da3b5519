package dev.eventstreamer.rules.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.messaging.EventConsumer;
import dev.eventstreamer.rules.service.Changes;
import dev.eventstreamer.rules.service.RuleEngine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The events the rules run over: chain-events (stream-service's logs), domain-events (what rules
 * and other services emit) and the store's own change log. Each event is acknowledged once every
 * rule's work on it (writes, emits, faults) is committed; a failure of the database is retried
 * until it passes, holding back the partition's later events, which must come after it anyway.
 */
@ApplicationScoped
public class RuleInputs {

  private final RuleEngine engine;

  public RuleInputs(RuleEngine engine) {
    this.engine = engine;
  }

  @Incoming(Channels.CHAIN_EVENTS)
  public Uni<Void> chainEvents(Message<?> message) {
    return EventConsumer.consume(Channels.CHAIN_EVENTS, message, engine::apply);
  }

  @Incoming(Channels.DOMAIN_EVENTS)
  public Uni<Void> domainEvents(Message<?> message) {
    return EventConsumer.consume(Channels.DOMAIN_EVENTS, message, engine::apply);
  }

  @Incoming(Changes.CHANNEL)
  public Uni<Void> changes(Message<?> message) {
    return EventConsumer.consume(Changes.CHANNEL, message, engine::apply);
  }
}
