package dev.eventstreamer.chainconfig.gateway;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The gateway's view of the registry: active chains by id, endpoints by breaker name. */
public record EndpointSet(
    Map<Long, ChainEndpoints> chains, Map<String, RpcEndpoint> byName, Optional<Instant> loadedAt) {

  static final EndpointSet EMPTY = new EndpointSet(Map.of(), Map.of(), Optional.empty());

  public ChainEndpoints chain(long chainId) {
    return chains.get(chainId);
  }

  public Optional<RpcEndpoint> endpoint(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<RpcEndpoint> endpoints() {
    return byName.values();
  }
}
