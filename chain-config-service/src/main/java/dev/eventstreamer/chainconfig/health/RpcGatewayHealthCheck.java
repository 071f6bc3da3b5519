package dev.eventstreamer.chainconfig.health;

import dev.eventstreamer.chainconfig.service.RpcHealth;
import dev.eventstreamer.common.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the gateway has loaded its endpoint set (before that it knows no chain). Failing
 * upstreams do not make it unready: another instance could not reach them better, and the
 * circuit-breaker API must stay reachable; they show in the data and in that API.
 */
@Readiness
@ApplicationScoped
public class RpcGatewayHealthCheck implements HealthCheck {

  private final RpcHealth rpcHealth;

  RpcGatewayHealthCheck(RpcHealth rpcHealth) {
    this.rpcHealth = rpcHealth;
  }

  @Override
  public HealthCheckResponse call() {
    RpcHealth.Summary summary = rpcHealth.summary();
    HealthCheckResponseBuilder builder =
        HealthCheckResponse.named("rpc-gateway")
            .status(summary.lastReload().isPresent())
            .withData("total_rpcs", summary.totalRpcs())
            .withData("healthy_rpcs", summary.healthyRpcs())
            .withData("unhealthy_chains", summary.unhealthyChains().toString());
    summary.lastReload().ifPresent(t -> builder.withData("last_reload", Timestamps.format(t)));
    return builder.build();
  }
}
