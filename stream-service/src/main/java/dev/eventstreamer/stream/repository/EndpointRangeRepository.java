package dev.eventstreamer.stream.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** eth_getLogs caps endpoints confirmed, kept across restarts and shared between replicas. */
@ApplicationScoped
public class EndpointRangeRepository {

  /** A confirmed cap: at most {@code cap} blocks per eth_getLogs on that endpoint. */
  public record Cap(long chainId, String endpoint, long cap) {}

  private final Pool pool;

  public EndpointRangeRepository(Pool pool) {
    this.pool = pool;
  }

  public Uni<List<Cap>> all() {
    return pool.query("select chain_id, endpoint, confirmed_cap from endpoint_range")
        .execute()
        .map(
            rows -> {
              List<Cap> caps = new ArrayList<>();
              rows.forEach(r -> caps.add(new Cap(r.getLong(0), r.getString(1), r.getLong(2))));
              return caps;
            });
  }

  public Uni<Void> save(long chainId, String endpoint, long cap) {
    return pool.preparedQuery(
            "insert into endpoint_range (chain_id, endpoint, confirmed_cap) values ($1, $2, $3)"
                + " on conflict (chain_id, endpoint) do update set"
                + " confirmed_cap = excluded.confirmed_cap, updated_at = now()")
        .execute(Tuple.of(chainId, endpoint, (int) Math.min(cap, Integer.MAX_VALUE)))
        .replaceWithVoid();
  }
}
