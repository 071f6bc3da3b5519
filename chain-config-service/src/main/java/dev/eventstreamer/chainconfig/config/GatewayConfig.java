package dev.eventstreamer.chainconfig.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The JSON-RPC gateway: request limits, head tracking and upstream connections. */
@ConfigMapping(prefix = "chain-config.gateway")
public interface GatewayConfig {

  /** Largest JSON-RPC request body accepted; a larger one is answered 413. */
  @WithDefault("1M")
  MemorySize maxBodySize();

  /** Most requests in one JSON-RPC batch. */
  @WithDefault("100")
  int maxBatchSize();

  /** Blocks an endpoint may be behind the best head of its chain before it counts as lagging. */
  @WithDefault("5")
  long maxHeadLag();

  /** Head polls run once per average block time, but never more often than this... */
  @WithDefault("1S")
  Duration minHeadPollInterval();

  /** ...and never less often than this. */
  @WithDefault("30S")
  Duration maxHeadPollInterval();

  /** Reload of the endpoint set from the database, besides the reload on every registry change. */
  @WithDefault("60S")
  Duration reloadInterval();

  /** Pooled keep-alive connections per upstream host:port. */
  @WithDefault("64")
  int maxConnectionsPerEndpoint();
}
