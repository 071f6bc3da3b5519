package dev.eventstreamer.subscription.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The projection of chains built from chain-config-events: chain id, active, version. */
@ApplicationScoped
public class ChainRepository {

  // A newer version replaces the row; an equal or older one (a redelivery, a reordering) does not.
  private static final String UPSERT =
      "insert into chain (chain_id, is_active, version, updated_at) values ($1, $2, $3, now())"
          + " on conflict (chain_id) do update set is_active = excluded.is_active,"
          + " version = excluded.version, updated_at = now()"
          + " where chain.version < excluded.version";

  private final Pool pool;

  public ChainRepository(Pool pool) {
    this.pool = pool;
  }

  /** Whether the chain is active, or empty when no event has told about it yet. */
  public Uni<Optional<Boolean>> active(long chainId) {
    return pool.preparedQuery("select is_active from chain where chain_id = $1")
        .execute(Tuple.of(chainId))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(rows.iterator().next().getBoolean(0))
                    : Optional.empty());
  }

  /** Applies a version of a chain; true when it was newer than the known one. */
  public Uni<Boolean> apply(SqlClient client, long chainId, boolean active, long version) {
    return client
        .preparedQuery(UPSERT)
        .execute(Tuple.of(chainId, active, version))
        .map(rows -> rows.rowCount() == 1);
  }
}
