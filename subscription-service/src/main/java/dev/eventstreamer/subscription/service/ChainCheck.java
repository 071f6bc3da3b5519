package dev.eventstreamer.subscription.service;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.subscription.client.ChainConfigClient;
import dev.eventstreamer.subscription.client.ChainStatus;
import dev.eventstreamer.subscription.config.SubscriptionConfig;
import dev.eventstreamer.subscription.repository.ChainRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a subscription name only a configured, active chain: the chain-config-events projection
 * answers first; a chain it does not know yet is looked up at chain-config-service, and when that
 * cannot answer the request fails with 503 rather than being accepted unchecked.
 */
@ApplicationScoped
public class ChainCheck {

  private final ChainRepository chains;
  private final ChainConfigClient client;
  private final long cacheNanos;

  // Answers of chain-config-service for chains the projection does not know, shared by concurrent
  // requests (one lookup for a burst of creates) and kept for a short while; failures are not kept.
  private final Map<Long, Lookup> lookups = new ConcurrentHashMap<>();

  private static final int MAX_CACHED = 10_000;

  private record Lookup(Uni<Boolean> answer, long expiresAt) {}

  public ChainCheck(ChainRepository chains, ChainConfigClient client, SubscriptionConfig config) {
    this.chains = chains;
    this.client = client;
    this.cacheNanos = config.chainConfig().cacheTtl().toNanos();
  }

  /** Completes when the chain is configured and active; else a 400 on chain_id, or a 503. */
  public Uni<Void> requireActive(long chainId) {
    return chains
        .active(chainId)
        .chain(known -> known.isPresent() ? Uni.createFrom().item(known.get()) : lookUp(chainId))
        .invoke(
            active -> {
              if (!active) {
                throw rejected("chain " + chainId + " is not active");
              }
            })
        .replaceWithVoid();
  }

  private Uni<Boolean> lookUp(long chainId) {
    long now = System.nanoTime();
    if (lookups.size() > MAX_CACHED) {
      // Chain ids come from clients: never let made-up ones grow the map without bound.
      lookups.clear();
    }
    Lookup lookup =
        lookups.compute(
            chainId,
            (id, cached) ->
                cached != null && cached.expiresAt() - now > 0
                    ? cached
                    : new Lookup(fetch(chainId).memoize().indefinitely(), now + cacheNanos));
    Uni<Boolean> answer = lookup.answer();
    // A request that joined another's lookup must go on on its own Vert.x context: its database
    // session lives there.
    Context context = Vertx.currentContext();
    if (context != null) {
      answer = answer.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
    return answer
        .onFailure()
        .invoke(
            failure -> {
              if (failure instanceof ProblemException p && p.status() >= 500) {
                lookups.remove(chainId, lookup);
              }
            });
  }

  private Uni<Boolean> fetch(long chainId) {
    return client
        .chain(chainId)
        .onFailure()
        .transform(
            failure -> {
              Log.warnf(
                  "Cannot check chain %d at chain-config-service: %s", chainId, failure.toString());
              return ProblemException.serviceUnavailable(
                      "Cannot check chain "
                          + chainId
                          + ": chain-config-service is not reachable; try again later")
                  .with("retry_after", 10)
                  .withCause(failure);
            })
        .map(
            status -> {
              if (status.isEmpty()) {
                throw rejected("chain " + chainId + " is not configured");
              }
              return status.map(ChainStatus::active).orElseThrow();
            });
  }

  private static ProblemException rejected(String message) {
    return ProblemException.badRequest(List.of(Violation.body("chain_id", message)));
  }
}
