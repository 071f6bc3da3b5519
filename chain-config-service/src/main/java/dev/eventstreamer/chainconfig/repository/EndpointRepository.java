package dev.eventstreamer.chainconfig.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the gateway routes by: the active chains' endpoints, read with the plain reactive client (no
 * Hibernate session: the gateway reloads on its own timer, outside any request).
 */
@ApplicationScoped
public class EndpointRepository {

  /**
   * An active chain's RPC URLs (primary first), stored ingestion settings (the gateway polls heads
   * at the block time) and WebSocket URL (may be blank).
   */
  public record ActiveChain(
      long chainId, List<String> rpcUrls, Map<String, Object> ingestion, String websocketUrl) {}

  private static final String ACTIVE_CHAINS =
      "SELECT chain_id, rpc_urls, ingestion, websocket_url FROM chains WHERE is_active"
          + " ORDER BY chain_id";

  private final Pool pool;

  public EndpointRepository(Pool pool) {
    this.pool = pool;
  }

  /** Every active chain, by ascending chain id. */
  public Uni<List<ActiveChain>> activeChains() {
    return pool.query(ACTIVE_CHAINS)
        .execute()
        .map(
            rows -> {
              List<ActiveChain> chains = new ArrayList<>();
              for (Row row : rows) {
                chains.add(
                    new ActiveChain(
                        row.getLong("chain_id"),
                        List.of(row.getArrayOfStrings("rpc_urls")),
                        row.getJsonObject("ingestion").getMap(),
                        row.getString("websocket_url")));
              }
              return chains;
            });
  }
}
