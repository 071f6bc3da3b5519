package dev.eventstreamer.chainconfig.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the registry's stats report about the JSON-RPC gateway; the gateway implements it. */
public interface RpcHealth {

  /** A snapshot over every active chain's endpoints. */
  Summary summary();

  /**
   * @param totalRpcs endpoints of active chains
   * @param healthyRpcs endpoints whose circuit breaker is closed and that are not lagging
   * @param unhealthyChains active chains without any healthy endpoint, ascending
   * @param lastReload when the gateway last loaded its endpoint set from the database
   */
  record Summary(
      int totalRpcs, int healthyRpcs, List<Long> unhealthyChains, Optional<Instant> lastReload) {}
}
