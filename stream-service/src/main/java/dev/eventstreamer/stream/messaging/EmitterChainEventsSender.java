package dev.eventstreamer.stream.messaging;

import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.stream.repository.LogEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Hands events to the chain-events channel's connector (the AMQP transport) as CloudEvents and
 * waits for the broker's acknowledgements.
 */
@ApplicationScoped
@Typed(EmitterChainEventsSender.class)
class EmitterChainEventsSender implements ChainEventsSender {

  private final MutinyEmitter<byte[]> emitter;

  EmitterChainEventsSender(
      // A whole batch is handed over at once, then its acks are awaited.
      @Channel(Channels.CHAIN_EVENTS)
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
          MutinyEmitter<byte[]> emitter) {
    this.emitter = emitter;
  }

  // The acks come as callbacks: no Uni per event.
  @Override
  public void send(long subscriptionId, List<LogEvent> rows) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(rows.size());
    for (LogEvent row : rows) {
      Message<byte[]> message =
          CloudEventMessages.toMessage(attributes(subscriptionId, row), row.payload())
              .withAck(
                  () -> {
                    if (pending.decrementAndGet() == 0) {
                      all.complete(null);
                    }
                    return CompletableFuture.completedFuture(null);
                  })
              .withNack(
                  failure -> {
                    all.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                  });
      emitter.sendMessageAndForget(message);
    }
    ChainEventsSender.awaitAcks(all, subscriptionId);
  }

  private static EventEnvelope attributes(long subscriptionId, LogEvent row) {
    String key = Long.toString(subscriptionId);
    return EventEnvelope.builder()
        .id(row.eventId().toString())
        .source(EventSources.STREAM_SERVICE)
        .type(ChainEventsSender.type(row))
        .subject(key)
        .time(row.blockTime())
        .partitionKey(key)
        .build();
  }
}
