package dev.eventstreamer.rules.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.messaging.EventConsumer;
import dev.eventstreamer.rules.service.Changes;
import dev.eventstreamer.rules.service.RuleEngine;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The events the rules run over: chain-events (stream-service's logs), domain-events (what rules
 * and other services emit) and the store's own change log. On Kafka they come in batches (the
 * records of one poll); on AMQP one by one. A batch is acknowledged once every rule's work on all
 * its events (writes, emits, faults) is committed; a failure of the database is retried until it
 * passes, holding back the partition's later events, which must come after it anyway.
 */
@ApplicationScoped
public class RuleInputs {

  private final RuleEngine engine;

  public RuleInputs(RuleEngine engine) {
    this.engine = engine;
  }

  @Incoming(Channels.CHAIN_EVENTS)
  public Uni<Void> chainEvents(Message<?> message) {
    return consume(Channels.CHAIN_EVENTS, message);
  }

  @Incoming(Channels.DOMAIN_EVENTS)
  public Uni<Void> domainEvents(Message<?> message) {
    return consume(Channels.DOMAIN_EVENTS, message);
  }

  @Incoming(Changes.CHANNEL)
  public Uni<Void> changes(Message<?> message) {
    return consume(Changes.CHANNEL, message);
  }

  private Uni<Void> consume(String channel, Message<?> message) {
    // A Kafka batch stays one message (its ack commits them all) holding the records' own.
    List<Message<?>> items =
        message
            .getMetadata(IncomingKafkaRecordBatchMetadata.class)
            .map(RuleInputs::records)
            .orElseGet(() -> List.of(message));
    return EventConsumer.consumeBatch(channel, message, items, engine::applyBatch);
  }

  private static List<Message<?>> records(IncomingKafkaRecordBatchMetadata<?, ?> batch) {
    return batch.getBatchedMessages();
  }
}
