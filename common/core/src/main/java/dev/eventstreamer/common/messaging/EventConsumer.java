package dev.eventstreamer.common.messaging;

import dev.eventstreamer.common.cloudevents.CloudEventException;
import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.InvalidEventException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How both consumers treat a message: an event that can never be applied (not a CloudEvent, data of
 * the wrong shape) is logged and acknowledged; a failure to store is retried, then nacked, so the
 * message is not lost.
 */
public final class EventConsumer {

  private EventConsumer() {}

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
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .atMost(5)
        .onItemOrFailure()
        .transformToUni(
            (nothing, failure) -> {
              if (failure == null) {
                return Uni.createFrom().completionStage(message::ack);
              }
              if (failure instanceof InvalidEventException) {
                Log.warnf("Skipping on %s: %s", channel, failure.getMessage());
                return Uni.createFrom().completionStage(message::ack);
              }
              Log.errorf(failure, "Giving up on %s %s from %s", event.type(), event.id(), channel);
              return Uni.createFrom().completionStage(() -> message.nack(failure));
            });
  }
}
