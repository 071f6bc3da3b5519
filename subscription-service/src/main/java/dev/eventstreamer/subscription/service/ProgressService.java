package dev.eventstreamer.subscription.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventData;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.cloudevents.InvalidEventException;
import dev.eventstreamer.common.messaging.ProcessedEvents;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Applies stream-service's progress to subscriptions: once per CloudEvent id, and never backwards
 * (a lower block, fewer delivered events or an older event time leaves the subscription as is).
 */
@ApplicationScoped
public class ProgressService {

  // Absent fields keep their value; the WHERE clause is the monotonic guard.
  private static final String UPDATE =
      "update subscription set"
          + " last_processed_block = coalesce($2, last_processed_block),"
          + " events_delivered = coalesce($3, events_delivered),"
          + " streaming_status = coalesce($4, streaming_status),"
          + " is_streaming = coalesce($5, is_streaming),"
          + " resume_token = coalesce($6, resume_token),"
          + " last_event_id = coalesce($7, last_event_id),"
          + " progress_at = coalesce($8, progress_at),"
          + " updated_at = date_trunc('milliseconds', now())"
          + " where id = $1"
          + " and ($2::bigint is null or last_processed_block is null"
          + " or last_processed_block <= $2)"
          + " and ($3::bigint is null or events_delivered <= $3)"
          + " and ($8::timestamptz is null or progress_at is null or progress_at <= $8)";

  private final Pool pool;

  public ProgressService(Pool pool) {
    this.pool = pool;
  }

  /** Applies one event; other types on the channel are ignored. */
  public Uni<Void> apply(EventEnvelope event) {
    if (!EventTypes.SUBSCRIPTION_PROGRESS.equals(event.type())) {
      return Uni.createFrom().voidItem();
    }
    JsonNode data = EventData.object(event);
    long subscriptionId = EventData.requireLong(data, "subscription_id", event);
    String status = EventData.optionalText(data, "streaming_status", event);
    if (status != null && !SubscriptionRequests.STREAMING_STATUSES.contains(status)) {
      throw new InvalidEventException(
          event.type() + " " + event.id() + ": unknown streaming_status " + status);
    }
    OffsetDateTime time = event.time();
    Tuple values =
        Tuple.from(
            Arrays.asList(
                subscriptionId,
                EventData.optionalLong(data, "last_processed_block", event),
                EventData.optionalLong(data, "events_delivered", event),
                status,
                EventData.optionalBoolean(data, "is_streaming", event),
                EventData.optionalText(data, "resume_token", event),
                EventData.optionalText(data, "last_event_id", event),
                time));
    return pool.withTransaction(
        conn ->
            ProcessedEvents.markProcessed(conn, event)
                .chain(
                    fresh ->
                        fresh
                            ? conn.preparedQuery(UPDATE).execute(values).map(r -> r.rowCount())
                            : Uni.createFrom().item(-1))
                .invoke(
                    updated -> {
                      if (updated == 0) {
                        Log.debugf(
                            "Progress %s for subscription %d not applied: older than the"
                                + " current progress, or the subscription is gone",
                            event.id(), subscriptionId);
                      }
                    })
                .replaceWithVoid());
  }
}
