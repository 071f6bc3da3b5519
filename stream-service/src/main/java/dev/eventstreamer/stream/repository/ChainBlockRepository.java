package dev.eventstreamer.stream.repository;

import dev.eventstreamer.stream.client.BlockHeader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The recent blocks the live follower verified, per chain: number, hash, parent hash, time. */
@ApplicationScoped
public class ChainBlockRepository {

  private final Pool pool;

  public ChainBlockRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stored blocks of a chain from {@code from} to {@code to}, ascending. */
  public Uni<List<BlockHeader>> between(long chainId, long from, long to) {
    return pool.preparedQuery(
            "select block_number, block_hash, parent_hash, block_time from chain_block"
                + " where chain_id = $1 and block_number between $2 and $3 order by block_number")
        .execute(Tuple.of(chainId, from, to))
        .map(
            rows -> {
              List<BlockHeader> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(header(r)));
              return out;
            });
  }

  private static BlockHeader header(Row r) {
    return new BlockHeader(
        r.getLong(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3).toEpochSecond());
  }

  /** Stores verified blocks, replacing any stored under their numbers. */
  public Uni<Void> save(long chainId, List<BlockHeader> headers) {
    return save(pool, chainId, headers);
  }

  /** Stores verified blocks (replacing any stored under their numbers), in the caller's tx. */
  public Uni<Void> save(SqlClient client, long chainId, List<BlockHeader> headers) {
    if (headers.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = headers.size();
    Long[] number = new Long[n];
    String[] hash = new String[n];
    String[] parent = new String[n];
    OffsetDateTime[] time = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      BlockHeader h = headers.get(i);
      number[i] = h.number();
      hash[i] = h.hash();
      parent[i] = h.parentHash();
      time[i] = OffsetDateTime.ofInstant(Instant.ofEpochSecond(h.timestamp()), ZoneOffset.UTC);
    }
    return client
        .preparedQuery(
            "insert into chain_block (chain_id, block_number, block_hash, parent_hash, block_time)"
                + " select $1, u.n, u.h, u.p, u.t from unnest($2::bigint[], $3::text[], $4::text[],"
                + " $5::timestamptz[]) as u(n, h, p, t) on conflict (chain_id, block_number)"
                + " do update set block_hash = excluded.block_hash,"
                + " parent_hash = excluded.parent_hash, block_time = excluded.block_time")
        .execute(Tuple.from(Arrays.asList(chainId, number, hash, parent, time)))
        .replaceWithVoid();
  }

  /** Forgets blocks above {@code block} (orphaned by a reorg), in the caller's transaction. */
  public Uni<Void> deleteAbove(SqlClient client, long chainId, long block) {
    return client
        .preparedQuery("delete from chain_block where chain_id = $1 and block_number > $2")
        .execute(Tuple.of(chainId, block))
        .replaceWithVoid();
  }

  /** Keeps only blocks above {@code block}. */
  public Uni<Void> pruneBelow(long chainId, long block) {
    return pool.preparedQuery("delete from chain_block where chain_id = $1 and block_number < $2")
        .execute(Tuple.of(chainId, block))
        .replaceWithVoid();
  }

  /** The highest stored block of a chain, if any. */
  public Uni<Optional<BlockHeader>> tip(long chainId) {
    return pool.preparedQuery(
            "select block_number, block_hash, parent_hash, block_time from chain_block"
                + " where chain_id = $1 order by block_number desc limit 1")
        .execute(Tuple.of(chainId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(header(rows.iterator().next())));
  }
}
