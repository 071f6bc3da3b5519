package dev.eventstreamer.stream.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Acknowledged events: the committed cursor ({@code acked_seq}, the highest seq up to which every
 * event is acknowledged) and the acknowledged ranges beyond a gap ({@code acked_range}). One
 * transaction per call, the subscription's row locked, so acks served by several replicas at once
 * never lose one another's.
 */
@ApplicationScoped
public class AckRepository {

  /** A position in a subscription's log: the event at {@code seq} and where it is on chain. */
  public record Position(long seq, long block, long logIndex) {}

  /** Events {@code firstSeq..last.seq} acknowledged. */
  public record AckedRange(long firstSeq, Position last) {}

  /**
   * What an acknowledgement did.
   *
   * @param newEvents per range asked, in order, how many of its events were not acknowledged before
   * @param cursor the committed cursor after it
   */
  public record Outcome(List<Long> newEvents, Position cursor) {}

  private final Pool pool;

  public AckRepository(Pool pool) {
    this.pool = pool;
  }

  /** The committed cursor of a subscription; empty when it is unknown. */
  public Uni<Optional<Position>> cursor(long subscriptionId) {
    return pool.preparedQuery(
            "select acked_seq, acked_block, acked_log_index from subscription where id = $1")
        .execute(Tuple.of(subscriptionId))
        .map(AckRepository::position);
  }

  /** Acknowledges {@code ranges}; empty when the subscription is unknown. */
  public Uni<Optional<Outcome>> acknowledge(long subscriptionId, List<AckedRange> ranges) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "select acked_seq, acked_block, acked_log_index from subscription"
                        + " where id = $1 for update")
                .execute(Tuple.of(subscriptionId))
                .map(AckRepository::position)
                .chain(
                    cursor -> {
                      if (cursor.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Outcome>empty());
                      }
                      return stored(conn, subscriptionId)
                          .chain(
                              stored -> apply(conn, subscriptionId, cursor.get(), stored, ranges))
                          .map(Optional::of);
                    }));
  }

  private static Optional<Position> position(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(new Position(r.getLong(0), r.getLong(1), r.getInteger(2)));
  }

  private Uni<List<AckedRange>> stored(SqlClient conn, long subscriptionId) {
    return conn.preparedQuery(
            "select first_seq, last_seq, last_block, last_log_index from acked_range"
                + " where subscription_id = $1")
        .execute(Tuple.of(subscriptionId))
        .map(
            rows -> {
              List<AckedRange> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new AckedRange(
                        r.getLong(0), new Position(r.getLong(1), r.getLong(2), r.getInteger(3))));
              }
              return out;
            });
  }

  private Uni<Outcome> apply(
      SqlClient conn,
      long subscriptionId,
      Position cursor,
      List<AckedRange> stored,
      List<AckedRange> asked) {
    AckedSeqs covered = new AckedSeqs();
    stored.forEach(covered::add);
    covered.add(new AckedRange(0, cursor));
    List<Long> newEvents = new ArrayList<>(asked.size());
    for (AckedRange r : asked) {
      newEvents.add(covered.uncovered(r));
      covered.add(r);
    }
    List<AckedRange> merged = covered.ranges();
    // The range from seq 0 is the committed part; the others wait for their gaps.
    Position next = merged.get(0).last();
    List<AckedRange> waiting = merged.subList(1, merged.size());
    Outcome outcome = new Outcome(newEvents, next);
    if (next.seq() == cursor.seq() && waiting.equals(sorted(stored))) {
      return Uni.createFrom().item(outcome);
    }
    return conn.preparedQuery("delete from acked_range where subscription_id = $1")
        .execute(Tuple.of(subscriptionId))
        .chain(() -> insert(conn, subscriptionId, waiting))
        .chain(
            () ->
                conn.preparedQuery(
                        "update subscription set acked_seq = $2, acked_block = $3,"
                            + " acked_log_index = $4 where id = $1")
                    .execute(
                        Tuple.of(subscriptionId, next.seq(), next.block(), (int) next.logIndex())))
        .replaceWith(outcome);
  }

  private static Uni<Void> insert(SqlClient conn, long subscriptionId, List<AckedRange> ranges) {
    if (ranges.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = ranges.size();
    Long[] first = new Long[n];
    Long[] last = new Long[n];
    Long[] block = new Long[n];
    Integer[] logIndex = new Integer[n];
    for (int i = 0; i < n; i++) {
      AckedRange r = ranges.get(i);
      first[i] = r.firstSeq();
      last[i] = r.last().seq();
      block[i] = r.last().block();
      logIndex[i] = (int) r.last().logIndex();
    }
    return conn.preparedQuery(
            "insert into acked_range (subscription_id, first_seq, last_seq, last_block,"
                + " last_log_index) select $1, * from unnest($2::bigint[], $3::bigint[],"
                + " $4::bigint[], $5::int[])")
        .execute(Tuple.of(subscriptionId, first, last, block, logIndex))
        .replaceWithVoid();
  }

  /** How many seqs of {@code r} no range of {@code covered} has. */
  static long uncovered(AckedRange r, List<AckedRange> covered) {
    AckedSeqs seqs = new AckedSeqs();
    covered.forEach(seqs::add);
    return seqs.uncovered(r);
  }

  /** Disjoint, non-adjacent ranges covering the same seqs, in order. */
  static List<AckedRange> merge(List<AckedRange> ranges) {
    AckedSeqs seqs = new AckedSeqs();
    ranges.forEach(seqs::add);
    return seqs.ranges();
  }

  private static List<AckedRange> sorted(List<AckedRange> ranges) {
    List<AckedRange> out = new ArrayList<>(ranges);
    out.sort(Comparator.comparingLong(AckedRange::firstSeq));
    return out;
  }

  /** Forgets the acknowledged ranges of a subscription (it was deleted). */
  public Uni<Void> forget(long subscriptionId) {
    return pool.preparedQuery("delete from acked_range where subscription_id = $1")
        .execute(Tuple.of(subscriptionId))
        .replaceWithVoid();
  }
}
