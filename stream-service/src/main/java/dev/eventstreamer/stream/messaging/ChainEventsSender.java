package dev.eventstreamer.stream.messaging;

import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.stream.repository.LogEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands events of a subscription's log to chain-events as CloudEvents (binary mode, keyed by
 * subscription) and returns once the broker acknowledged every one.
 */
interface ChainEventsSender {

  /** How long a batch's acknowledgements are awaited before the batch counts as failed. */
  Duration SEND_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Sends {@code rows}, in order, and waits until the broker acknowledged every one.
   *
   * @throws IllegalStateException when any was refused or not acknowledged in time
   */
  void send(long subscriptionId, List<LogEvent> rows);

  /** The CloudEvent type of a log row. */
  static String type(LogEvent row) {
    return row.removed() ? EventTypes.CHAIN_LOG_REMOVED : EventTypes.CHAIN_LOG;
  }

  /** Waits for a batch's acknowledgements, failing as {@link #send} says. */
  static void awaitAcks(CompletableFuture<Void> acks, long subscriptionId) {
    try {
      acks.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "chain-events of subscription " + subscriptionId + " not acknowledged: " + e, e);
    }
  }
}
