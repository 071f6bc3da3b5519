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
 * <p>Hibernate Reactive does not hand out the connection of its session, so inside
 * {@code @WithTransaction} run {@link #NATIVE_INSERT} as a native query of the same session, with
 * {@link #nativeParameters(OutboxEvent)} bound in order:
 *
 * <pre>{@code
 * Mutiny.MutationQuery insert = session.createNativeQuery(Outbox.NATIVE_INSERT);
 * List<Object> values = Outbox.nativeParameters(event);
 * for (int i = 0; i < values.size(); i++) insert.setParameter(i + 1, values.get(i));
 * return insert.executeUpdate();
 * }</pre>
 */
public final class Outbox {

  /** The insert for a Hibernate Reactive native query: positional {@code ?} parameters. */
  public static final String NATIVE_INSERT =
      "insert into outbox (event_id, channel, key, type, source, subject, data, correlation_id)"
          + " values (cast(? as uuid), ?, ?, ?, ?, ?, cast(? as jsonb), ?)";

  private static final String INSERT =
      "insert into outbox (event_id, channel, key, type, source, subject, data, correlation_id)"
          + " values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8) returning id";

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
        .execute(tuple(withCorrelation(event)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Appends {@code events} in list order through {@code client}, in one round trip. */
  public static Uni<Void> appendAll(SqlClient client, List<OutboxEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> batch = new ArrayList<>(events.size());
    for (OutboxEvent event : events) {
      batch.add(tuple(withCorrelation(event)));
    }
    return client.preparedQuery(INSERT).executeBatch(batch).replaceWithVoid();
  }

  /** The values for {@link #NATIVE_INSERT}, correlation id filled in as {@link #append} does. */
  public static List<Object> nativeParameters(OutboxEvent event) {
    OutboxEvent e = withCorrelation(event);
    return Arrays.asList(
        e.id().toString(),
        e.channel(),
        e.key(),
        e.type(),
        e.source(),
        e.subject(),
        e.data(),
        e.correlationId());
  }

  private static OutboxEvent withCorrelation(OutboxEvent event) {
    if (event.correlationId() != null) {
      return event;
    }
    return Correlation.current().map(event::withCorrelationId).orElse(event);
  }

  private static Tuple tuple(OutboxEvent e) {
    return Tuple.tuple(
        Arrays.asList(
            e.id(),
            e.channel(),
            e.key(),
            e.type(),
            e.source(),
            e.subject(),
            e.data(),
            e.correlationId()));
  }
}
