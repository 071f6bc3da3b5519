package dev.eventstreamer.subscription.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** CloudEvent ids the consumers have applied, so a redelivered event changes nothing. */
@ApplicationScoped
public class ProcessedEventRepository {

  /** Records the id in the caller's transaction; false when it was already there (a redelivery). */
  public Uni<Boolean> markProcessed(SqlClient client, String eventId) {
    return client
        .preparedQuery("insert into processed_event (event_id) values ($1) on conflict do nothing")
        .execute(Tuple.of(eventId))
        .map(rows -> rows.rowCount() == 1);
  }
}
