package dev.eventstreamer.stream.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Streaming connections as every replica sees them: which subscription, which replica holds the
 * response, when the client was last heard of, and whether (and why) it ended.
 */
@ApplicationScoped
public class ConnectionRepository {

  /** A connection as stored. */
  public record Connection(
      UUID connectionId,
      long subscriptionId,
      String replica,
      OffsetDateTime closedAt,
      String closeReason) {}

  /** An open connection that was just closed, and the replica holding it. */
  public record Closed(UUID connectionId, long subscriptionId, String replica) {}

  /**
   * A new connection: whether it was registered, and the subscription's other connections (closed
   * by it, or open and the reason it was refused).
   */
  public record Opened(boolean registered, List<UUID> others) {}

  /**
   * NOTIFY channel of stream control: {@code close:<connection id>}, {@code stopped:<subscription
   * id>}, {@code blocked:<chain id>:<error code>}, {@code unblocked:<chain id>}.
   */
  public static final String CONTROL_CHANNEL = "stream_control";

  private final Pool pool;

  public ConnectionRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Registers a new connection of a subscription. With {@code takeOver}, its other open connections
   * are closed in the same transaction (and announced on {@link #CONTROL_CHANNEL} for the replicas
   * holding them); without, the new one is refused while another is open. The subscription's row is
   * locked, so two connections opening at once end with one open.
   */
  public Uni<Opened> open(
      UUID connectionId, long subscriptionId, String replica, boolean takeOver) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("select id from subscription where id = $1 for update")
                .execute(Tuple.of(subscriptionId))
                .chain(
                    () ->
                        takeOver
                            ? conn.preparedQuery(
                                    "update stream_connection set closed_at = now(),"
                                        + " close_reason = 'taken over by ' || $2"
                                        + " where subscription_id = $1 and closed_at is null"
                                        + " returning connection_id")
                                .execute(Tuple.of(subscriptionId, connectionId.toString()))
                            : conn.preparedQuery(
                                    "select connection_id from stream_connection"
                                        + " where subscription_id = $1 and closed_at is null")
                                .execute(Tuple.of(subscriptionId)))
                .chain(
                    rows -> {
                      List<UUID> others = new ArrayList<>();
                      rows.forEach(r -> others.add(r.getUUID(0)));
                      if (!takeOver && !others.isEmpty()) {
                        return Uni.createFrom().item(new Opened(false, others));
                      }
                      Uni<?> announced = Uni.createFrom().voidItem();
                      for (UUID other : others) {
                        announced =
                            announced.chain(
                                () ->
                                    conn.preparedQuery("select pg_notify($1, $2)")
                                        .execute(Tuple.of(CONTROL_CHANNEL, "close:" + other)));
                      }
                      return announced
                          .chain(
                              () ->
                                  conn.preparedQuery(
                                          "insert into stream_connection (connection_id,"
                                              + " subscription_id, replica) values ($1, $2, $3)")
                                      .execute(Tuple.of(connectionId, subscriptionId, replica)))
                          .replaceWith(new Opened(true, others));
                    }));
  }

  /** Tells every replica's streams {@code payload} on {@link #CONTROL_CHANNEL}. */
  public Uni<Void> announce(String payload) {
    return pool.preparedQuery("select pg_notify($1, $2)")
        .execute(Tuple.of(CONTROL_CHANNEL, payload))
        .replaceWithVoid();
  }

  /** Closes one connection unless it is closed already; true when this call closed it. */
  public Uni<Boolean> close(UUID connectionId, String reason) {
    return pool.preparedQuery(
            "update stream_connection set closed_at = now(), close_reason = $2"
                + " where connection_id = $1 and closed_at is null")
        .execute(Tuple.of(connectionId, reason))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Closes every open connection not heard of for {@code timeout}, whoever holds it. */
  public Uni<List<Closed>> closeSilent(Duration timeout) {
    return closing(
        "update stream_connection set closed_at = now(), close_reason = 'timed out'"
            + " where closed_at is null and last_seen_at < now() - make_interval(secs => $1)"
            + " returning connection_id, subscription_id, replica",
        Tuple.of((double) timeout.toMillis() / 1000));
  }

  private Uni<List<Closed>> closing(String sql, Tuple args) {
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<Closed> out = new ArrayList<>();
              rows.forEach(r -> out.add(new Closed(r.getUUID(0), r.getLong(1), r.getString(2))));
              return out;
            });
  }

  /** The client was heard of (a heartbeat, an ack, bytes read). */
  public Uni<Void> seen(UUID connectionId) {
    return seen(List.of(connectionId));
  }

  /** The clients were heard of: one statement however many streams a replica holds. */
  public Uni<Void> seen(List<UUID> connectionIds) {
    if (connectionIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(
            "update stream_connection set last_seen_at = now() where connection_id = any($1)")
        .execute(Tuple.of(connectionIds.toArray(UUID[]::new)))
        .replaceWithVoid();
  }

  public Uni<Optional<Connection>> find(UUID connectionId) {
    return pool.preparedQuery(
            "select connection_id, subscription_id, replica, closed_at, close_reason"
                + " from stream_connection where connection_id = $1")
        .execute(Tuple.of(connectionId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Connection(
                      r.getUUID(0),
                      r.getLong(1),
                      r.getString(2),
                      r.getOffsetDateTime(3),
                      r.getString(4)));
            });
  }

  /** Open connections of a subscription. */
  public Uni<Integer> openCount(long subscriptionId) {
    return pool.preparedQuery(
            "select count(*) from stream_connection where subscription_id = $1"
                + " and closed_at is null")
        .execute(Tuple.of(subscriptionId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Forgets connections closed more than {@code age} ago. */
  public Uni<Integer> forgetClosed(Duration age) {
    return pool.preparedQuery(
            "delete from stream_connection where closed_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) age.toMillis() / 1000))
        .map(rows -> rows.rowCount());
  }
}
