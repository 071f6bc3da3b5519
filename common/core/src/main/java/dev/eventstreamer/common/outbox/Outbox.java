package dev.eventstreamer.common.outbox;

import dev.eventstreamer.common.messaging.Correlation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Appends events to the outbox table inside the caller's transaction; the relay publishes them once
 * that transaction commits, and never if it rolls back.
 *
 * <p>With the reactive SQL client pass the transaction's connection:
 *
 * <pre>{@code
 * pool.withTransaction(conn -> repository.save(conn, order)
 *     .call(() -> Outbox.append(conn, event)));
 * }</pre>
 *
 * <p>Inside a Hibernate Reactive session ({@code @WithTransaction}) use {@link
 * OutboxSessions#append}.
 */
public final class Outbox {

  private static final String INSERT =
      "insert into outbox (event_id, channel, key, type, source, subject, data, correlation_id,"
          + " event_time) values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9::text::timestamptz) returning id";

  private Outbox() {}

  /**
   * Appends {@code event} through {@code client}, which must be the connection of the caller's
   * transaction for the row to share its fate. The correlation id is the event's own, else {@link
   * Correlation#current()} at the time of this call.
   *
   * @return the row id, the event's position in the publication order
   */
  public static Uni<Long> append(SqlClient client, OutboxEvent event) {
    return client
        .preparedQuery(INSERT)
        .execute(tuple(event))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Appends {@code events} in list order through {@code client}, in one round trip. */
  public static Uni<Void> appendAll(SqlClient client, List<OutboxEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> batch = new ArrayList<>(events.size());
    for (OutboxEvent event : events) {
      batch.add(tuple(event));
    }
    return client.preparedQuery(INSERT).executeBatch(batch).replaceWithVoid();
  }

  /** The insert's values in column order, the correlation id filled in. */
  static List<Object> values(OutboxEvent event) {
    OutboxEvent e = withCorrelation(event);
    return Arrays.asList(
        e.id(),
        e.channel(),
        e.key(),
        e.type(),
        e.source(),
        e.subject(),
        e.data(),
        e.correlationId(),
        // As text: Hibernate binds a null of no known type as text too.
        e.time() == null ? null : e.time().toString());
  }

  private static OutboxEvent withCorrelation(OutboxEvent event) {
    if (event.correlationId() != null) {
      return event;
    }
    return Correlation.current().map(event::withCorrelationId).orElse(event);
  }

  private static Tuple tuple(OutboxEvent e) {
    return Tuple.tuple(values(e));
  }
}
