package dev.eventstreamer.stream.messaging;

import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.stream.repository.LogRow;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Hands events of a subscription's log to the chain-events channel as CloudEvents and waits for the
 * broker's acknowledgements.
 */
@ApplicationScoped
public class ChainEventsSender {

  private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);

  private final MutinyEmitter<byte[]> emitter;

  ChainEventsSender(
      // A whole batch is handed over at once, then its acks are awaited.
      @Channel(Channels.CHAIN_EVENTS)
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
          MutinyEmitter<byte[]> emitter) {
    this.emitter = emitter;
  }

  /**
   * Sends {@code rows} and waits until the broker acknowledged every one; fails when any was
   * refused. The acks come as callbacks: no Uni per event.
   */
  void send(long subscriptionId, List<LogRow> rows) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(rows.size());
    for (LogRow row : rows) {
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
    try {
      all.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "chain-events of subscription " + subscriptionId + " not acknowledged: " + e, e);
    }
  }

  private static EventEnvelope attributes(long subscriptionId, LogRow row) {
    String key = Long.toString(subscriptionId);
    return EventEnvelope.builder()
        .id(row.eventId().toString())
        .source(EventSources.STREAM_SERVICE)
        .type(row.removed() ? EventTypes.CHAIN_LOG_REMOVED : EventTypes.CHAIN_LOG)
        .subject(key)
        .time(row.blockTime())
        .partitionKey(key)
        .build();
  }
}
