package dev.eventstreamer.subscription.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks chain-config-service about one chain, with a timeout, retries and a circuit breaker. A 404
 * is an answer (the chain is not configured), never a failure of the breaker.
 */
@ApplicationScoped
public class ChainConfigClient {

  private final ChainConfigApi api;

  public ChainConfigClient(@RestClient ChainConfigApi api) {
    this.api = api;
  }

  /** The chain, or empty when chain-config-service does not know it; fails when unreachable. */
  @AsynchronousNonBlocking
  @Timeout(2000)
  @Retry(maxRetries = 2, delay = 200, jitter = 100)
  @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000)
  public Uni<Optional<ChainStatus>> chain(long chainId) {
    return api.chain(chainId)
        .map(body -> Optional.of(status(chainId, body)))
        .onFailure(ChainConfigClient::isNotFound)
        .recoverWithItem(Optional.empty());
  }

  private static boolean isNotFound(Throwable failure) {
    return failure instanceof WebApplicationException e && e.getResponse().getStatus() == 404;
  }

  // chain-config-service answers both the API's `is_active` and the SDK README's `status`.
  private static ChainStatus status(long chainId, JsonNode body) {
    JsonNode active = body == null ? null : body.get("is_active");
    if (active != null && active.isBoolean()) {
      return new ChainStatus(chainId, active.booleanValue());
    }
    JsonNode status = body == null ? null : body.get("status");
    if (status != null && status.isTextual()) {
      return new ChainStatus(chainId, "active".equals(status.textValue()));
    }
    throw new IllegalStateException(
        "chain-config-service answered chain " + chainId + " without is_active or status");
  }
}
