package dev.eventstreamer.stream.repository;

import dev.eventstreamer.stream.Chain;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The chain projection: what chain-config-events said last about each chain. */
@ApplicationScoped
public class ChainRepository {

  private static final String COLUMNS =
      "chain_id, name, is_active, confirmation_blocks, block_time_ms, max_block_range,"
          + " max_concurrent, has_live_websocket, version";

  // A newer version replaces the row; an equal or older one (a redelivery, a replay) does not.
  private static final String UPSERT =
      "insert into chain ("
          + COLUMNS
          + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (chain_id) do update set"
          + " name = excluded.name, is_active = excluded.is_active,"
          + " confirmation_blocks = excluded.confirmation_blocks,"
          + " block_time_ms = excluded.block_time_ms, max_block_range = excluded.max_block_range,"
          + " max_concurrent = excluded.max_concurrent,"
          + " has_live_websocket = excluded.has_live_websocket, version = excluded.version,"
          + " updated_at = now() where chain.version < excluded.version";

  private final Pool pool;

  public ChainRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores {@code chain} when its version is newer than the stored one; true when it was. */
  public Uni<Boolean> apply(SqlClient client, Chain chain) {
    return client
        .preparedQuery(UPSERT)
        .execute(
            Tuple.from(
                List.of(
                    chain.chainId(),
                    chain.name() == null ? "" : chain.name(),
                    chain.active(),
                    chain.confirmationBlocks(),
                    chain.blockTimeMillis(),
                    chain.maxBlockRange(),
                    chain.maxConcurrent(),
                    chain.liveWebsocket(),
                    chain.version())))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<Optional<Chain>> find(long chainId) {
    return pool.preparedQuery("select " + COLUMNS + " from chain where chain_id = $1")
        .execute(Tuple.of(chainId))
        .map(
            rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  public Uni<List<Chain>> all() {
    return pool.query("select " + COLUMNS + " from chain order by chain_id")
        .execute()
        .map(
            rows -> {
              List<Chain> chains = new ArrayList<>();
              rows.forEach(r -> chains.add(map(r)));
              return chains;
            });
  }

  private static Chain map(Row r) {
    return new Chain(
        r.getLong("chain_id"),
        r.getString("name"),
        r.getBoolean("is_active"),
        r.getInteger("confirmation_blocks"),
        r.getLong("block_time_ms"),
        r.getInteger("max_block_range"),
        r.getInteger("max_concurrent"),
        r.getBoolean("has_live_websocket"),
        r.getLong("version"));
  }
}
