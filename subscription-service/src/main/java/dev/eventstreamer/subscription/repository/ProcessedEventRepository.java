package dev.eventstreamer.subscription.repository;

import dev.eventstreamer.common.cloudevents.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** CloudEvents the consumers have applied, so a redelivered event changes nothing. */
@ApplicationScoped
public class ProcessedEventRepository {

  /** How an event is recorded: {@code <source> <id>}. */
  public static String key(EventEnvelope event) {
    return event.source() + " " + event.id();
  }

  /**
   * Records the event in the caller's transaction; false when it was already there (a redelivery).
   * A CloudEvent is identified by its source and id together.
   */
  public Uni<Boolean> markProcessed(SqlClient client, EventEnvelope event) {
    return client
        .preparedQuery("insert into processed_event (event_id) values ($1) on conflict do nothing")
        .execute(Tuple.of(key(event)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Forgets events recorded before {@code olderThan}; how many were removed. */
  public Uni<Integer> prune(Pool pool, Duration olderThan) {
    return pool.preparedQuery(
            "delete from processed_event where processed_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) olderThan.toSeconds()))
        .map(rows -> rows.rowCount());
  }
}
