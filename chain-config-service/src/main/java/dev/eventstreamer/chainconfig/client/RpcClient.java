package dev.eventstreamer.chainconfig.client;

import io.quarkus.logging.Log;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Sends a JSON-RPC body to a chain: to its healthiest endpoint first and, on a transient failure,
 * to the next within the same call. A node's real answer, error or not, ends the call.
 */
@ApplicationScoped
public class RpcClient {

  /**
   * @param headSensitive the call reads at or near the head: lagging endpoints go last
   * @return the first endpoint's answer; failed with {@link GatewayUnavailableException} when no
   *     endpoint answered
   */
  public CompletionStage<UpstreamReply> call(
      ChainEndpoints chain, Buffer body, boolean batch, boolean headSensitive) {
    RpcEndpoint[] order = chain.candidates(headSensitive);
    if (order.length == 0) {
      return CompletableFuture.failedFuture(allOpen(chain));
    }
    CompletableFuture<UpstreamReply> result = new CompletableFuture<>();
    attempt(chain, order, 0, body, batch, null, result);
    return result;
  }

  private void attempt(
      ChainEndpoints chain,
      RpcEndpoint[] order,
      int index,
      Buffer body,
      boolean batch,
      List<Throwable> failures,
      CompletableFuture<UpstreamReply> result) {
    RpcEndpoint endpoint = order[index];
    endpoint
        .call(body, batch)
        .whenComplete(
            (reply, error) -> {
              // whenComplete swallows what its action throws: the call must end either way.
              try {
                next(chain, order, index, body, batch, failures, result, reply, error);
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            });
  }

  private void next(
      ChainEndpoints chain,
      RpcEndpoint[] order,
      int index,
      Buffer body,
      boolean batch,
      List<Throwable> failures,
      CompletableFuture<UpstreamReply> result,
      UpstreamReply reply,
      Throwable error) {
    if (error == null) {
      result.complete(reply);
      return;
    }
    Throwable failure = RpcEndpoint.unwrap(error);
    List<Throwable> seen = failures == null ? new ArrayList<>(order.length) : failures;
    seen.add(failure);
    if (index + 1 < order.length) {
      Log.debugf(
          "%s failed (%s), trying %s",
          order[index].name(), reason(failure), order[index + 1].name());
      attempt(chain, order, index + 1, body, batch, seen, result);
    } else {
      result.completeExceptionally(exhausted(chain, order, seen));
    }
  }

  private static GatewayUnavailableException allOpen(ChainEndpoints chain) {
    if (chain.endpoints().isEmpty()) {
      return new GatewayUnavailableException(
          chain.chainId(), false, false, 0, List.of("the chain has no usable RPC URL"));
    }
    return new GatewayUnavailableException(
        chain.chainId(),
        true,
        false,
        chain.retryAfterSeconds(),
        List.of("every RPC endpoint's circuit breaker is open"));
  }

  private static GatewayUnavailableException exhausted(
      ChainEndpoints chain, RpcEndpoint[] order, List<Throwable> failures) {
    boolean allOpen = true;
    boolean allRateLimited = true;
    List<String> reasons = new ArrayList<>(failures.size());
    for (int i = 0; i < failures.size(); i++) {
      Throwable f = failures.get(i);
      allOpen &= f instanceof CircuitBreakerOpenException;
      allRateLimited &=
          f instanceof UpstreamException u && u.kind() == UpstreamException.Kind.RATE_LIMITED;
      reasons.add(order[i].name() + ": " + reason(f));
    }
    Log.warnf(
        "Chain %d: no RPC endpoint answered: %s", chain.chainId(), String.join("; ", reasons));
    return new GatewayUnavailableException(
        chain.chainId(), allOpen, allRateLimited, allOpen ? chain.retryAfterSeconds() : 1, reasons);
  }

  static String reason(Throwable failure) {
    if (failure instanceof CircuitBreakerOpenException) {
      return "circuit breaker open";
    }
    if (failure instanceof TimeoutException) {
      return "timed out";
    }
    if (failure instanceof UpstreamException u) {
      return u.getMessage();
    }
    return "failed (" + failure.getClass().getSimpleName() + ")";
  }
}
