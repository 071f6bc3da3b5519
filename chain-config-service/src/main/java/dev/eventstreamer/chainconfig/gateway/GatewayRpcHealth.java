package dev.eventstreamer.chainconfig.gateway;

import dev.eventstreamer.chainconfig.service.RpcHealth;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The registry's view of the gateway: healthy endpoints (closed, not lagging) of active chains. */
@ApplicationScoped
public class GatewayRpcHealth implements RpcHealth {

  private final EndpointRegistry registry;

  GatewayRpcHealth(EndpointRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Summary summary() {
    return summarize(registry.current());
  }

  /**
   * The one count of healthy endpoints ({@link RpcEndpoint#healthy()}: breaker closed, not lagging)
   * that the stats, the health check and the breaker API all report.
   */
  public static Summary summarize(EndpointSet set) {
    int total = 0;
    int healthy = 0;
    List<Long> unhealthyChains = new ArrayList<>();
    for (ChainEndpoints chain : set.chains().values()) {
      int chainHealthy = 0;
      for (RpcEndpoint e : chain.endpoints()) {
        total++;
        if (e.healthy()) {
          chainHealthy++;
        }
      }
      healthy += chainHealthy;
      if (chainHealthy == 0) {
        unhealthyChains.add(chain.chainId());
      }
    }
    return new Summary(total, healthy, List.copyOf(unhealthyChains), set.loadedAt());
  }
}
