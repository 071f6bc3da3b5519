package dev.eventstreamer.common.messaging;

import dev.eventstreamer.common.cloudevents.CloudEventException;
import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.InvalidEventException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How both consumers treat a message: an event that can never be applied (not a CloudEvent, data of
 * the wrong shape) is logged and acknowledged; a failure to store (the database is down, say) is
 * retried, backing off to {@link #MAX_BACKOFF}, until it succeeds. Giving up would lose the message
 * (acknowledged) or the channel (nacked: the connector's failure strategy stops it, and the service
 * would not recover from a 30 s database outage without a restart); waiting holds back the
 * partition's later messages, which must come after it anyway.
 */
public final class EventConsumer {

  /** The longest pause between two attempts at one message. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private EventConsumer() {}

  /**
   * As {@link #consume}, for a batch: {@code message} stands for {@code items} (its ack
   * acknowledges them all). Items that are no usable CloudEvent are logged and left out; the others
   * are applied together, retried together until it succeeds, then the batch is acknowledged.
   */
  public static Uni<Void> consumeBatch(
      String channel,
      Message<?> message,
      List<? extends Message<?>> items,
      Function<List<EventEnvelope>, Uni<Void>> apply) {
    List<EventEnvelope> events = new ArrayList<>(items.size());
    for (Message<?> item : items) {
      try {
        events.add(CloudEventMessages.fromMessage(item));
      } catch (CloudEventException e) {
        Log.warnf("Skipping a message on %s that is not a usable CloudEvent: %s", channel, e);
      }
    }
    if (events.isEmpty()) {
      return Uni.createFrom().completionStage(message::ack);
    }
    return Uni.createFrom()
        .deferred(() -> apply.apply(events))
        .onFailure()
        .invoke(
            failure ->
                Log.warnf(
                    "Applying a batch of %d events from %s (first %s %s) failed, retrying: %s",
                    events.size(),
                    channel,
                    events.get(0).type(),
                    events.get(0).id(),
                    failure.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), MAX_BACKOFF)
        .indefinitely()
        .chain(() -> Uni.createFrom().completionStage(message::ack));
  }

  public static Uni<Void> consume(
      String channel, Message<?> message, Function<EventEnvelope, Uni<Void>> apply) {
    EventEnvelope event;
    try {
      event = CloudEventMessages.fromMessage(message);
    } catch (CloudEventException e) {
      Log.warnf("Skipping a message on %s that is not a usable CloudEvent: %s", channel, e);
      return Uni.createFrom().completionStage(message::ack);
    }
    return Uni.createFrom()
        .deferred(() -> apply.apply(event))
        .onFailure(failure -> !(failure instanceof InvalidEventException))
        .invoke(
            failure ->
                Log.warnf(
                    "Applying %s %s from %s failed, retrying: %s",
                    event.type(), event.id(), channel, failure.toString()))
        .onFailure(failure -> !(failure instanceof InvalidEventException))
        .retry()
        .withBackOff(Duration.ofMillis(200), MAX_BACKOFF)
        .indefinitely()
        .onItemOrFailure()
        .transformToUni(
            (nothing, failure) -> {
              if (failure == null) {
                return Uni.createFrom().completionStage(message::ack);
              }
              Log.warnf("Skipping on %s: %s", channel, failure.getMessage());
              return Uni.createFrom().completionStage(message::ack);
            });
  }
}
