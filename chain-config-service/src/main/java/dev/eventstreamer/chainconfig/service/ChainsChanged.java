package dev.eventstreamer.chainconfig.service;

import java.util.OptionalLong;

/**
 * Fired (asynchronously, after the commit) when the registry's chains changed, and by {@code POST
 * /api/chains/refresh}: the JSON-RPC gateway observes it and reloads its endpoint set from the
 * database. An empty chain id means "every chain".
 */
public record ChainsChanged(OptionalLong chainId) {

  public static ChainsChanged all() {
    return new ChainsChanged(OptionalLong.empty());
  }

  public static ChainsChanged chain(long chainId) {
    return new ChainsChanged(OptionalLong.of(chainId));
  }
}
