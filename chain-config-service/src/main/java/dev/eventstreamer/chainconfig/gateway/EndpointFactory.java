package dev.eventstreamer.chainconfig.gateway;

import dev.eventstreamer.chainconfig.config.CircuitBreakerConfig;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds each endpoint's guard once per name and keeps it: SmallRye registers a breaker name for
 * good, so an endpoint that leaves the set and comes back gets its old guard, reset.
 */
@ApplicationScoped
public class EndpointFactory {

  // A CompletionStage, not a Uni: each Mutiny operator on the hot path captures the request's
  // context (context propagation), which costs more than the rest of the guard.
  private static final TypeLiteral<CompletionStage<UpstreamReply>> REPLY = new TypeLiteral<>() {};

  private final CircuitBreakerConfig config;
  private final UpstreamClient client;
  private final CircuitBreakerMaintenance maintenance;
  private final Map<String, RpcEndpoint> known = new ConcurrentHashMap<>();

  EndpointFactory(
      CircuitBreakerConfig config, UpstreamClient client, CircuitBreakerMaintenance maintenance) {
    this.config = config;
    this.client = client;
    this.maintenance = maintenance;
  }

  /** The endpoint of that name, built on first use; {@code url} may change between reloads. */
  RpcEndpoint endpoint(String name, long chainId, String endpoint, String url) {
    RpcEndpoint e = known.computeIfAbsent(name, n -> build(n, chainId, endpoint));
    if (!e.hasUrl(url)) {
      e.target(UpstreamTarget.of(url, config.timeout().toMillis()));
    }
    return e;
  }

  /** Closes the breaker and clears the counts. */
  void reset(RpcEndpoint e) {
    maintenance.reset(e.name());
    e.stats().reset();
  }

  private RpcEndpoint build(String name, long chainId, String endpoint) {
    BreakerStats stats = new BreakerStats();
    TypedGuard<CompletionStage<UpstreamReply>> guard =
        TypedGuard.create(REPLY)
            .withDescription(name)
            // The call is non-blocking: it runs on the caller's thread (see application.properties
            // on SmallRye FT's Vert.x integration).
            .withThreadOffload(false)
            .withCircuitBreaker()
            .name(name)
            // Opens after failure-threshold calls in a row failed: a window of that many calls
            // that must all have failed.
            .requestVolumeThreshold(config.failureThreshold())
            .failureRatio(1.0)
            .successThreshold(config.successThreshold())
            .delay(config.recoveryTimeout().toMillis(), ChronoUnit.MILLIS)
            .onSuccess(stats::success)
            .onFailure(stats::failure)
            .onStateChange(to -> changed(name, stats, to))
            .done()
            // No SmallRye timeout: each attempt has its own deadline on the event loop
            // (UpstreamClient.Exchange); its failure counts against the breaker all the same.
            .withRetry()
            .maxRetries(config.retries())
            .delay(0, ChronoUnit.MILLIS)
            // SmallRye's default jitter (200 ms) would make "at once" wait on its timer thread.
            .jitter(0, ChronoUnit.MILLIS)
            // Only a dropped or refused connection is worth the same endpoint again at once (a
            // pooled connection the server closed); anything else goes to the next endpoint.
            .whenException(
                t ->
                    t instanceof UpstreamException u
                        && u.kind() == UpstreamException.Kind.CONNECTION)
            .done()
            .build();
    return new RpcEndpoint(
        name,
        chainId,
        endpoint,
        guard,
        stats,
        client,
        maintenance,
        config.recoveryTimeout().toNanos(),
        config.halfOpenMaxCalls());
  }

  private static void changed(String name, BreakerStats stats, CircuitBreakerState to) {
    Log.infof("Circuit breaker %s is now %s", name, BreakerStats.name(to));
    stats.transition(to);
  }
}
