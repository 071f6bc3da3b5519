package dev.eventstreamer.chainconfig.gateway;

import io.quarkus.logging.Log;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

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
    Failover failover = new Failover(chain, order, body, batch);
    failover.attempt();
    return failover.result;
  }

  /**
   * One call's way through its endpoints, one at a time: it is also the callback of the attempt in
   * flight, so a call costs no closure per attempt.
   */
  private static final class Failover implements BiConsumer<UpstreamReply, Throwable> {
    final CompletableFuture<UpstreamReply> result = new CompletableFuture<>();
    private final ChainEndpoints chain;
    private final RpcEndpoint[] order;
    private final Buffer body;
    private final boolean batch;
    private int index;
    private List<Throwable> failures;

    Failover(ChainEndpoints chain, RpcEndpoint[] order, Buffer body, boolean batch) {
      this.chain = chain;
      this.order = order;
      this.body = body;
      this.batch = batch;
    }

    void attempt() {
      order[index].call(body, batch).whenComplete(this);
    }

    @Override
    public void accept(UpstreamReply reply, Throwable error) {
      // whenComplete swallows what its action throws: the call must end either way.
      try {
        next(reply, error);
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }

    private void next(UpstreamReply reply, Throwable error) {
      if (error == null) {
        result.complete(reply.answeredBy(order[index].endpoint()));
        return;
      }
      Throwable failure = RpcEndpoint.unwrap(error);
      if (failures == null) {
        failures = new ArrayList<>(order.length);
      }
      failures.add(failure);
      if (index + 1 < order.length) {
        Log.debugf(
            "%s failed (%s), trying %s",
            order[index].name(), reason(failure), order[index + 1].name());
        index++;
        attempt();
      } else {
        result.completeExceptionally(exhausted(chain, order, failures));
      }
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
    if (failure instanceof UpstreamException u) {
      return u.getMessage();
    }
    return "failed (" + failure.getClass().getSimpleName() + ")";
  }
}
