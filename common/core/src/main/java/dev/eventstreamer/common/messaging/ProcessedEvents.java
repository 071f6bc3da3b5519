package dev.eventstreamer.common.messaging;

import dev.eventstreamer.common.cloudevents.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/**
 * CloudEvents a service's consumers have applied, in its table {@code processed_event (event_id
 * text primary key, processed_at timestamptz not null default now())}, so a redelivered event
 * changes nothing: record the event in the transaction that applies it.
 */
public final class ProcessedEvents {

  private ProcessedEvents() {}

  /** How an event is recorded: {@code <source> <id>}. */
  public static String key(EventEnvelope event) {
    return event.source() + " " + event.id();
  }

  /**
   * Records the event in the caller's transaction; false when it was already there (a redelivery).
   * A CloudEvent is identified by its source and id together.
   */
  public static Uni<Boolean> markProcessed(SqlClient client, EventEnvelope event) {
    return client
        .preparedQuery("insert into processed_event (event_id) values ($1) on conflict do nothing")
        .execute(Tuple.of(key(event)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Forgets events recorded before {@code olderThan}; how many were removed. */
  public static Uni<Integer> prune(Pool pool, Duration olderThan) {
    return pool.preparedQuery(
            "delete from processed_event where processed_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) olderThan.toSeconds()))
        .map(rows -> rows.rowCount());
  }
}
