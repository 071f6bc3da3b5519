package dev.eventstreamer.chainconfig;

import dev.eventstreamer.chainconfig.gateway.EndpointRegistry;
import dev.eventstreamer.chainconfig.service.ChainsChanged;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.util.List;

/**
 * Puts chains into the registry table as the registry would (its API is another branch's) and tells
 * the gateway, as the registry does, with a {@link ChainsChanged} event.
 */
@ApplicationScoped
public class GatewayTestChains {

  // The other ingestion settings are left out: a document without them reads as their defaults.
  private static final String UPSERT =
      """
      INSERT INTO chains (chain_id, name, rpc_urls, ingestion, is_active, websocket_url)
      VALUES ($1, $2, $3, jsonb_build_object('average_block_time', $4::float8), $5, $6)
      ON CONFLICT (chain_id) DO UPDATE SET rpc_urls = $3,
          ingestion = chains.ingestion || jsonb_build_object('average_block_time', $4::float8),
          is_active = $5, websocket_url = $6, version = chains.version + 1, updated_at = now()
      """;

  private final Pool pool;
  private final Event<ChainsChanged> changed;
  private final EndpointRegistry registry;

  GatewayTestChains(Pool pool, Event<ChainsChanged> changed, EndpointRegistry registry) {
    this.pool = pool;
    this.changed = changed;
    this.registry = registry;
  }

  /** An active chain with these RPC URLs (primary first), heads polled every blockTime s. */
  public void put(long chainId, double blockTime, String... rpcUrls) {
    write(chainId, blockTime, true, null, rpcUrls);
  }

  /** An active chain with a WebSocket URL ({@code live_websocket_url}) beside its RPC URLs. */
  public void putWithWebsocket(long chainId, String websocketUrl, String... rpcUrls) {
    write(chainId, 1, true, websocketUrl, rpcUrls);
  }

  public void deactivate(long chainId, double blockTime, String... rpcUrls) {
    write(chainId, blockTime, false, null, rpcUrls);
  }

  /** An active chain written as another replica would: this instance's gateway is not told. */
  public void putQuietly(long chainId, double blockTime, String... rpcUrls) {
    upsert(chainId, blockTime, true, null, rpcUrls);
  }

  private void upsert(
      long chainId, double blockTime, boolean active, String websocketUrl, String... rpcUrls) {
    pool.preparedQuery(UPSERT)
        .execute(
            Tuple.tuple()
                .addLong(chainId)
                .addString("test chain " + chainId)
                .addArrayOfString(rpcUrls)
                .addDouble(blockTime)
                .addBoolean(active)
                .addString(websocketUrl))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private void write(
      long chainId, double blockTime, boolean active, String websocketUrl, String... rpcUrls) {
    upsert(chainId, blockTime, active, websocketUrl, rpcUrls);
    // As the registry does after each commit; completes once the gateway has reloaded.
    changed.fireAsync(ChainsChanged.chain(chainId)).toCompletableFuture().join();
  }

  /** Removes test chains so other tests see the set they expect. */
  public void delete(List<Long> chainIds) {
    pool.preparedQuery("DELETE FROM chains WHERE chain_id = ANY($1)")
        .execute(Tuple.of(chainIds.toArray(new Long[0])))
        .await()
        .atMost(Duration.ofSeconds(10));
    registry.reload().await().atMost(Duration.ofSeconds(10));
  }
}
