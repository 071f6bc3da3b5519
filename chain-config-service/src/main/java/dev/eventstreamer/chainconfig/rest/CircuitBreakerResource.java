package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.chainconfig.config.CircuitBreakerConfig;
import dev.eventstreamer.chainconfig.gateway.BreakerStats;
import dev.eventstreamer.chainconfig.gateway.ChainEndpoints;
import dev.eventstreamer.chainconfig.gateway.EndpointRegistry;
import dev.eventstreamer.chainconfig.gateway.EndpointSet;
import dev.eventstreamer.chainconfig.gateway.GatewayRpcHealth;
import dev.eventstreamer.chainconfig.gateway.RpcEndpoint;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.CircuitBreakerMetrics;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.CircuitBreakerStatus;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.ConfigResponse;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.HealthResponse;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.ResetResponse;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.RpcClientStatus;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.StatusResponse;
import dev.eventstreamer.chainconfig.rest.CircuitBreakerDtos.Summary;
import dev.eventstreamer.chainconfig.service.RpcHealth;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.time.Timestamps;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code /api/circuit-breakers}: the state and counts of every RPC endpoint's breaker (named {@code
 * rpc:{chain_id}:{host:port}}), their health, their settings, and manual resets.
 */
@Path("/api/circuit-breakers")
@Produces(MediaType.APPLICATION_JSON)
public class CircuitBreakerResource {

  private final EndpointRegistry registry;
  private final CircuitBreakerConfig config;

  CircuitBreakerResource(EndpointRegistry registry, CircuitBreakerConfig config) {
    this.registry = registry;
    this.config = config;
  }

  @GET
  @Path("/status")
  public StatusResponse status() {
    EndpointSet set = registry.current();
    Map<String, CircuitBreakerStatus> breakers = new LinkedHashMap<>();
    int closed = 0;
    int open = 0;
    int halfOpen = 0;
    int healthy = 0;
    for (RpcEndpoint e : set.endpoints()) {
      BreakerStats.Snapshot s = e.stats().snapshot();
      CircuitBreakerState state = e.breakerState();
      breakers.put(e.name(), status(state, s));
      switch (state) {
        case CLOSED -> closed++;
        case OPEN -> open++;
        case HALF_OPEN -> halfOpen++;
      }
      if (e.healthy()) {
        healthy++;
      }
    }
    int total = breakers.size();
    return new StatusResponse(
        breakers,
        rpcClients(set),
        new Summary(total, closed, open, halfOpen, healthy, total - healthy, set.chains().size()),
        Timestamps.now());
  }

  @GET
  @Path("/health")
  public HealthResponse health() {
    EndpointSet set = registry.current();
    // "Healthy" means one thing in every answer: breaker closed and not lagging behind the head.
    RpcHealth.Summary summary = GatewayRpcHealth.summarize(set);
    int total = summary.totalRpcs();
    int healthy = summary.healthyRpcs();
    double percentage = total == 0 ? 100.0 : Math.round(healthy * 1000.0 / total) / 10.0;
    String overall = healthy == total ? "healthy" : healthy == 0 ? "unhealthy" : "degraded";
    String now = Timestamps.now();
    return new HealthResponse(
        overall,
        percentage,
        total,
        healthy,
        total - healthy,
        rpcClients(set),
        now,
        summary.lastReload().map(Timestamps::format).orElse(null),
        healthy,
        total,
        summary.unhealthyChains(),
        now);
  }

  @GET
  @Path("/config")
  public ConfigResponse config() {
    return new ConfigResponse(
        config.failureThreshold(),
        ceilSeconds(config.recoveryTimeout()),
        config.successThreshold(),
        ceilSeconds(config.timeout()),
        config.halfOpenMaxCalls(),
        config.recoveryTimeout().toMillis(),
        config.timeout().toMillis(),
        config.retries());
  }

  @GET
  @Path("/{name}/metrics")
  public CircuitBreakerMetrics metrics(@RestPath String name) {
    return metrics(endpoint(name));
  }

  @POST
  @Path("/reset")
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  public ResetResponse resetAll() {
    int count = registry.resetAll();
    return new ResetResponse(
        "Reset " + count + " circuit breakers", "success", count, Timestamps.now());
  }

  @POST
  @Path("/{name}/reset")
  @SecurityRequirement(name = "bearer")
  @SecurityRequirement(name = "apiKey")
  public ResetResponse reset(@RestPath String name) {
    if (!registry.reset(name)) {
      throw notFound(name);
    }
    return new ResetResponse("Circuit breaker " + name + " reset", "success", 1, Timestamps.now());
  }

  private RpcEndpoint endpoint(String name) {
    return registry.current().endpoint(name).orElseThrow(() -> notFound(name));
  }

  private static ProblemException notFound(String name) {
    return ProblemException.notFound("Circuit breaker " + name + " not found");
  }

  private static Map<String, Map<String, RpcClientStatus>> rpcClients(EndpointSet set) {
    Map<String, Map<String, RpcClientStatus>> clients = new LinkedHashMap<>();
    for (ChainEndpoints chain : set.chains().values()) {
      Map<String, RpcClientStatus> endpoints = new LinkedHashMap<>();
      for (RpcEndpoint e : chain.endpoints()) {
        CircuitBreakerMetrics m = metrics(e);
        endpoints.put(
            e.endpoint(),
            new RpcClientStatus(
                e.name(),
                e.maskedUrl(),
                m.state(),
                m,
                e.healthy(),
                e.head() < 0 ? null : e.head(),
                e.lag(),
                e.lagging()));
      }
      clients.put(Long.toString(chain.chainId()), endpoints);
    }
    return clients;
  }

  private static CircuitBreakerStatus status(CircuitBreakerState state, BreakerStats.Snapshot s) {
    return new CircuitBreakerStatus(
        BreakerStats.name(state),
        s.failureCount(),
        s.successCount(),
        s.consecutiveFailures(),
        s.consecutiveSuccesses(),
        s.totalCalls(),
        time(s.lastFailure()),
        time(s.lastSuccess()),
        s.transitions());
  }

  private static CircuitBreakerMetrics metrics(RpcEndpoint e) {
    BreakerStats.Snapshot s = e.stats().snapshot();
    double successRate = s.totalCalls() == 0 ? 0 : percent(s.successCount(), s.totalCalls());
    double failureRate = s.totalCalls() == 0 ? 0 : percent(s.failureCount(), s.totalCalls());
    return new CircuitBreakerMetrics(
        e.name(),
        e.chainId(),
        e.endpoint(),
        e.maskedUrl(),
        BreakerStats.name(e.breakerState()),
        s.failureCount(),
        s.successCount(),
        s.consecutiveFailures(),
        s.consecutiveSuccesses(),
        s.totalCalls(),
        s.halfOpenCalls(),
        successRate,
        failureRate,
        Math.round(s.averageResponseMillis() * 1000) / 1000.0,
        time(s.lastFailure()),
        time(s.lastSuccess()),
        s.transitions());
  }

  private static double percent(long part, long total) {
    return Math.round(part * 10000.0 / total) / 100.0;
  }

  private static String time(Instant instant) {
    return instant == null ? null : Timestamps.format(instant);
  }

  private static long ceilSeconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }
}
