package dev.eventstreamer.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a subscription's log and ingestion state straight from the database, as they are. */
public final class EventLog {

  /** One stored event. */
  public record Event(
      long seq,
      long blockNumber,
      int logIndex,
      String blockHash,
      boolean removed,
      boolean orphaned,
      String eventId,
      JsonNode payload) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Pool pool;

  public EventLog(Pool pool) {
    this.pool = pool;
  }

  /** Every event of the subscription, in seq order. */
  public List<Event> events(long subscriptionId) {
    List<Event> events = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(
                "select seq, block_number, log_index, block_hash, removed, orphaned, event_id,"
                    + " payload::text from event_log where subscription_id = $1 order by seq")
            .execute(Tuple.of(subscriptionId))
            .await()
            .atMost(TIMEOUT)) {
      try {
        events.add(
            new Event(
                r.getLong(0),
                r.getLong(1),
                r.getInteger(2),
                r.getString(3),
                r.getBoolean(4),
                r.getBoolean(5),
                r.getUUID(6).toString(),
                JSON.readTree(r.getString(7))));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return events;
  }

  /** How many events the subscription's log holds. */
  public long count(long subscriptionId) {
    return pool.preparedQuery("select count(*) from event_log where subscription_id = $1")
        .execute(Tuple.of(subscriptionId))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getLong(0);
  }

  /** The subscription's ingestion status, or null when stream-service does not know it. */
  public String status(long subscriptionId) {
    var rows =
        pool.preparedQuery("select status from subscription where id = $1")
            .execute(Tuple.of(subscriptionId))
            .await()
            .atMost(TIMEOUT);
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  /** The first block not yet in the subscription's log, or -1. */
  public long nextBlock(long subscriptionId) {
    var rows =
        pool.preparedQuery("select next_block from subscription where id = $1")
            .execute(Tuple.of(subscriptionId))
            .await()
            .atMost(TIMEOUT);
    return rows.size() == 0 ? -1 : rows.iterator().next().getLong(0);
  }
}
