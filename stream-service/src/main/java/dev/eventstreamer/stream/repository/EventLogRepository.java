package dev.eventstreamer.stream.repository;

import io.smallrye.mutiny.Uni;
// The SQL client encodes core buffers; the Mutiny wrapper is not one.
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The per-subscription event log, read and appended with the plain reactive SQL client: an append
 * of any number of events is one statement over arrays, not a round trip per row.
 */
@ApplicationScoped
public class EventLogRepository {

  // The payload travels as UTF-8 bytes both ways: no Java string to encode or decode.
  private static final String COLUMNS =
      "seq, block_number, log_index, block_hash, transaction_hash, removed, event_name, event_id,"
          + " block_time, convert_to(payload::text, 'UTF8') as payload, topics, data";

  private static final String APPEND =
      "insert into event_log (subscription_id, seq, block_number, log_index, block_hash,"
          + " transaction_hash, removed, event_name, event_id, block_time, payload, topics, data)"
          + " select $1, $2 + u.ord - 1, u.block_number, u.log_index, u.block_hash,"
          + " u.transaction_hash, u.removed, u.event_name, u.event_id, u.block_time,"
          + " convert_from(u.payload, 'UTF8')::json, u.topics, u.data"
          + " from unnest($3::bigint[], $4::int[], $5::text[], $6::text[], $7::boolean[],"
          + " $8::text[], $9::uuid[], $10::timestamptz[], $11::bytea[], $12::text[], $13::text[])"
          + " with ordinality as u(block_number, log_index, block_hash, transaction_hash, removed,"
          + " event_name, event_id, block_time, payload, topics, data, ord)";

  /** NOTIFY channel of appends: payload {@code <subscription id>:<last seq>}. */
  public static final String APPENDED_CHANNEL = "event_log_appended";

  private final Pool pool;

  public EventLogRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends {@code rows} in the caller's transaction as seq {@code firstSeq}, {@code firstSeq + 1},
   * ... (their own seq is ignored).
   */
  public Uni<Void> append(SqlClient client, long subscriptionId, long firstSeq, List<LogRow> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = rows.size();
    Long[] block = new Long[n];
    Integer[] logIndex = new Integer[n];
    String[] blockHash = new String[n];
    String[] txHash = new String[n];
    Boolean[] removed = new Boolean[n];
    String[] name = new String[n];
    UUID[] eventId = new UUID[n];
    OffsetDateTime[] time = new OffsetDateTime[n];
    Buffer[] payload = new Buffer[n];
    String[] topics = new String[n];
    String[] data = new String[n];
    for (int i = 0; i < n; i++) {
      LogRow r = rows.get(i);
      block[i] = r.blockNumber();
      logIndex[i] = r.logIndex();
      blockHash[i] = r.blockHash();
      txHash[i] = r.transactionHash();
      removed[i] = r.removed();
      name[i] = r.eventName();
      eventId[i] = r.eventId();
      time[i] = r.blockTime();
      payload[i] = Buffer.buffer(r.payload());
      topics[i] = r.topics();
      data[i] = r.data();
    }
    return client
        .preparedQuery(APPEND)
        .execute(
            Tuple.from(
                Arrays.asList(
                    subscriptionId,
                    firstSeq,
                    block,
                    logIndex,
                    blockHash,
                    txHash,
                    removed,
                    name,
                    eventId,
                    time,
                    payload,
                    topics,
                    data)))
        // Streams of the subscription, on any replica, wake when the transaction commits.
        .chain(
            () ->
                client
                    .preparedQuery("select pg_notify($1, $2)")
                    .execute(Tuple.of(APPENDED_CHANNEL, subscriptionId + ":" + (firstSeq + n - 1))))
        .replaceWithVoid();
  }

  /**
   * The events of a subscription still standing (not removed, not orphaned) above {@code block},
   * newest first: what a reorg at {@code block} orphans.
   */
  public Uni<List<LogRow>> standingAbove(SqlClient client, long subscriptionId, long block) {
    return client
        .preparedQuery(
            "select "
                + COLUMNS
                + " from event_log where subscription_id = $1 and block_number > $2"
                + " and not removed and not orphaned order by block_number desc, log_index desc")
        .execute(Tuple.of(subscriptionId, block))
        .map(EventLogRepository::rows);
  }

  /** Marks the standing events above {@code block} as orphaned, in the caller's transaction. */
  public Uni<Integer> orphanAbove(SqlClient client, long subscriptionId, long block) {
    return client
        .preparedQuery(
            "update event_log set orphaned = true where subscription_id = $1 and block_number > $2"
                + " and not removed and not orphaned")
        .execute(Tuple.of(subscriptionId, block))
        .map(RowSet::rowCount);
  }

  /** Events of a subscription after {@code afterSeq}, in seq order, at most {@code limit}. */
  public Uni<List<LogRow>> after(long subscriptionId, long afterSeq, int limit) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from event_log where subscription_id = $1 and seq > $2 order by seq limit $3")
        .execute(Tuple.of(subscriptionId, afterSeq, limit))
        .map(EventLogRepository::rows);
  }

  /** The CloudEvent id of the event at {@code seq}; empty when it is not (or no longer) there. */
  public Uni<java.util.Optional<String>> eventIdAt(long subscriptionId, long seq) {
    return pool.preparedQuery(
            "select event_id from event_log where subscription_id = $1 and seq = $2")
        .execute(Tuple.of(subscriptionId, seq))
        .map(
            rows ->
                rows.size() == 0
                    ? java.util.Optional.<String>empty()
                    : java.util.Optional.of(rows.iterator().next().getUUID(0).toString()));
  }

  /**
   * The events of a subscription after {@code afterSeq} as they leave the service, in seq order, at
   * most {@code limit}: only the columns an envelope needs, read by position.
   */
  public Uni<List<LogEvent>> eventsAfter(long subscriptionId, long afterSeq, int limit) {
    return pool.preparedQuery(
            "select seq, block_number, log_index, removed, event_name, event_id, block_time,"
                + " convert_to(payload::text, 'UTF8') from event_log"
                + " where subscription_id = $1 and seq > $2 order by seq limit $3")
        .execute(Tuple.of(subscriptionId, afterSeq, limit))
        .map(
            rows -> {
              List<LogEvent> out = new ArrayList<>(rows.size());
              for (Row r : rows) {
                out.add(
                    new LogEvent(
                        r.getLong(0),
                        r.getLong(1),
                        r.getInteger(2),
                        r.getBoolean(3),
                        r.getString(4),
                        r.getUUID(5),
                        r.getOffsetDateTime(6),
                        r.getBuffer(7).getBytes()));
              }
              return out;
            });
  }

  /**
   * Deletes up to {@code limit} events of a subscription at or below {@code ackedSeq} appended
   * before {@code olderThan} ago; how many went.
   */
  public Uni<Integer> deleteAcknowledged(
      long subscriptionId, long ackedSeq, Duration olderThan, int limit) {
    return pool.preparedQuery(
            "delete from event_log where subscription_id = $1 and seq in (select seq from"
                + " event_log where subscription_id = $1 and seq <= $2"
                + " and appended_at < now() - make_interval(secs => $3) order by seq limit $4)")
        .execute(Tuple.of(subscriptionId, ackedSeq, (double) olderThan.toSeconds(), limit))
        .map(RowSet::rowCount);
  }

  private static List<LogRow> rows(RowSet<Row> rows) {
    List<LogRow> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new LogRow(
              r.getLong("seq"),
              r.getLong("block_number"),
              r.getInteger("log_index"),
              r.getString("block_hash"),
              r.getString("transaction_hash"),
              r.getBoolean("removed"),
              r.getString("event_name"),
              r.getUUID("event_id"),
              r.getOffsetDateTime("block_time"),
              r.getBuffer("payload").getBytes(),
              r.getString("topics"),
              r.getString("data")));
    }
    return out;
  }
}
