package dev.eventstreamer.stream.repository;

import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The subscription projection and each subscription's ingestion state. */
@ApplicationScoped
public class SubscriptionRepository {

  private static final String COLUMNS =
      "id, chain_id, topic0, event_signature, addresses, start_block, end_block, subscriber_id,"
          + " deleted, status, next_block, last_seq, reorg_epoch";

  private final Pool pool;

  public SubscriptionRepository(Pool pool) {
    this.pool = pool;
  }

  public Uni<Optional<Subscription>> find(long id) {
    return find(pool, id, false);
  }

  /** The subscription, locked for the caller's transaction when {@code forUpdate}. */
  public Uni<Optional<Subscription>> find(SqlClient client, long id, boolean forUpdate) {
    return client
        .preparedQuery(
            "select "
                + COLUMNS
                + " from subscription where id = $1"
                + (forUpdate ? " for update" : ""))
        .execute(Tuple.of(id))
        .map(
            rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  /** A stored subscription and subscription-service's updated_at of that version. */
  public record Versioned(Subscription subscription, OffsetDateTime sourceUpdatedAt) {}

  /** The subscription and its version, locked for the caller's transaction; empty when new. */
  public Uni<Optional<Versioned>> lockVersioned(SqlClient client, long id) {
    return client
        .preparedQuery(
            "select " + COLUMNS + ", source_updated_at from subscription where id = $1 for update")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(new Versioned(map(r), r.getOffsetDateTime("source_updated_at")));
            });
  }

  /** Stores a new subscription, to be ingested from its start block. */
  public Uni<Void> insert(SqlClient client, Subscription s, OffsetDateTime sourceUpdatedAt) {
    return client
        .preparedQuery(
            "insert into subscription (id, chain_id, topic0, event_signature, addresses,"
                + " start_block, end_block, subscriber_id, source_updated_at, deleted, status,"
                + " next_block) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                + " on conflict (id) do nothing")
        .execute(values(s, sourceUpdatedAt))
        .replaceWithVoid();
  }

  /** Replaces what subscription-service owns and the ingestion state the change decided. */
  public Uni<Void> update(SqlClient client, Subscription s, OffsetDateTime sourceUpdatedAt) {
    return client
        .preparedQuery(
            "update subscription set chain_id = $2, topic0 = $3, event_signature = $4,"
                + " addresses = $5, start_block = $6, end_block = $7, subscriber_id = $8,"
                + " source_updated_at = $9, deleted = $10, status = $11, next_block = $12,"
                + " updated_at = now() where id = $1")
        .execute(values(s, sourceUpdatedAt))
        .replaceWithVoid();
  }

  /** The columns insert and update write, as $1..$12. */
  private static Tuple values(Subscription s, OffsetDateTime sourceUpdatedAt) {
    return Tuple.from(
        Arrays.asList(
            s.id(),
            s.chainId(),
            s.topic0(),
            s.eventSignature(),
            s.addresses().toArray(new String[0]),
            s.startBlock(),
            s.endBlock(),
            s.subscriberId(),
            sourceUpdatedAt,
            s.deleted(),
            s.status().value(),
            s.nextBlock()));
  }

  /** Subscriptions waiting for a backfill on an active chain, oldest first. */
  public Uni<List<Long>> backfilling() {
    return pool.query(
            "select s.id from subscription s join chain c on c.chain_id = s.chain_id"
                + " where s.status = 'backfilling' and not s.deleted and c.is_active order by s.id")
        .execute()
        .map(SubscriptionRepository::ids);
  }

  /** Active chains with at least one live subscription. */
  public Uni<List<Long>> chainsWithLive() {
    return pool.query(
            "select distinct s.chain_id from subscription s join chain c on c.chain_id = s.chain_id"
                + " where s.status = 'live' and not s.deleted and c.is_active order by 1")
        .execute()
        .map(SubscriptionRepository::ids);
  }

  /** The live subscriptions of a chain. */
  public Uni<List<Subscription>> live(long chainId) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from subscription where chain_id = $1 and status = 'live' and not deleted"
                + " order by id")
        .execute(Tuple.of(chainId))
        .map(SubscriptionRepository::list);
  }

  /** Subscriptions of a chain that have events in their log at or above {@code block}. */
  public Uni<List<Subscription>> ofChainWithEventsFrom(SqlClient client, long chainId, long block) {
    return client
        .preparedQuery(
            "select "
                + COLUMNS
                + " from subscription where chain_id = $1 and not deleted and next_block > $2"
                + " order by id")
        .execute(Tuple.of(chainId, block))
        .map(SubscriptionRepository::list);
  }

  /**
   * Moves a subscription's ingestion on, in the caller's transaction, after checking it is still
   * where the caller started ({@code expectedNext}, {@code expectedEpoch}); false when it is not
   * (another worker, or a reorg, moved it), and nothing changed.
   */
  public Uni<Boolean> advance(
      SqlClient client,
      long id,
      long expectedNext,
      int expectedEpoch,
      long nextBlock,
      long lastSeq,
      IngestStatus status) {
    return client
        .preparedQuery(
            "update subscription set next_block = $4, last_seq = $5, status = $6,"
                + " updated_at = now() where id = $1 and next_block = $2 and reorg_epoch = $3"
                + " and not deleted and status in ('backfilling', 'live')")
        .execute(
            Tuple.from(
                List.of(id, expectedNext, expectedEpoch, nextBlock, lastSeq, status.value())))
        .map(rows -> rows.rowCount() == 1);
  }

  /** After a reorg: the new epoch, the seq reached, and the block to ingest from again. */
  public Uni<Void> rewind(SqlClient client, long id, int epoch, long lastSeq, long nextBlock) {
    return client
        .preparedQuery(
            "update subscription set reorg_epoch = $2, last_seq = $3, next_block = $4,"
                + " status = case when status = 'completed' then 'live' else status end,"
                + " updated_at = now() where id = $1")
        .execute(Tuple.of(id, epoch, lastSeq, nextBlock))
        .replaceWithVoid();
  }

  /** Changes the status of a subscription whose ingestion is at {@code expectedNext}. */
  public Uni<Boolean> changeStatus(long id, long expectedNext, IngestStatus from, IngestStatus to) {
    return pool.preparedQuery(
            "update subscription set status = $4, updated_at = now()"
                + " where id = $1 and next_block = $2 and status = $3 and not deleted")
        .execute(Tuple.of(id, expectedNext, from.value(), to.value()))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Marks deleted every subscription not in {@code listed} that did not change since {@code
   * before}: subscription-service no longer has it. How many.
   */
  public Uni<Integer> deleteMissing(List<Long> listed, OffsetDateTime before) {
    return pool.preparedQuery(
            "update subscription set deleted = true, status = 'stopped', updated_at = now()"
                + " where not deleted and source_updated_at < $1 and not (id = any($2))")
        .execute(Tuple.of(before, listed.toArray(new Long[0])))
        .map(RowSet::rowCount);
  }

  /** Subscriptions whose log holds events not yet published on chain-events: id, published. */
  public Uni<List<long[]>> unpublished(int limit) {
    return pool.preparedQuery(
            "select id, published_seq from subscription where last_seq > published_seq"
                + " order by id limit $1")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<long[]> out = new ArrayList<>();
              rows.forEach(r -> out.add(new long[] {r.getLong(0), r.getLong(1)}));
              return out;
            });
  }

  /** Records that events up to {@code seq} are on chain-events. */
  public Uni<Void> published(long id, long seq) {
    return pool.preparedQuery(
            "update subscription set published_seq = $2 where id = $1 and published_seq < $2")
        .execute(Tuple.of(id, seq))
        .replaceWithVoid();
  }

  private static List<Long> ids(RowSet<Row> rows) {
    List<Long> ids = new ArrayList<>(rows.size());
    rows.forEach(r -> ids.add(r.getLong(0)));
    return ids;
  }

  private static List<Subscription> list(RowSet<Row> rows) {
    List<Subscription> list = new ArrayList<>(rows.size());
    rows.forEach(r -> list.add(map(r)));
    return list;
  }

  static Subscription map(Row r) {
    String[] addresses = r.getArrayOfStrings("addresses");
    return new Subscription(
        r.getLong("id"),
        r.getLong("chain_id"),
        r.getString("topic0"),
        r.getString("event_signature"),
        addresses == null ? List.of() : List.of(addresses),
        r.getLong("start_block"),
        r.getLong("end_block"),
        r.getString("subscriber_id"),
        r.getBoolean("deleted"),
        IngestStatus.of(r.getString("status")),
        r.getLong("next_block"),
        r.getLong("last_seq"),
        r.getInteger("reorg_epoch"));
  }
}
