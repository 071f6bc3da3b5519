package dev.eventstreamer.subscription.service;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.subscription.client.ChainConfigClient;
import dev.eventstreamer.subscription.client.ChainStatus;
import dev.eventstreamer.subscription.repository.ChainRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Lets a subscription name only a configured, active chain: the chain-config-events projection
 * answers first; a chain it does not know yet is looked up at chain-config-service, and when that
 * cannot answer the request fails with 503 rather than being accepted unchecked.
 */
@ApplicationScoped
public class ChainCheck {

  private final ChainRepository chains;
  private final ChainConfigClient client;

  public ChainCheck(ChainRepository chains, ChainConfigClient client) {
    this.chains = chains;
    this.client = client;
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
