package dev.eventstreamer.chainconfig.gateway;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.util.List;

/**
 * One active chain's endpoints in priority order (primary first), how often to poll heads, and its
 * WebSocket endpoint ({@code live_websocket_url}, credentials and all; null when it has none).
 */
public record ChainEndpoints(
    long chainId, double averageBlockTime, List<RpcEndpoint> endpoints, String websocketUrl) {

  /**
   * The endpoints to try, best first: closed and current, then closed but lagging (only for calls
   * that read near the head), then half-open ones or open ones past their recovery timeout. Open
   * ones within it are left out.
   */
  RpcEndpoint[] candidates(boolean headSensitive) {
    long now = System.nanoTime();
    RpcEndpoint[] out = new RpcEndpoint[endpoints.size()];
    int n = 0;
    for (int rank = 0; rank < 3; rank++) {
      for (int i = 0; i < endpoints.size(); i++) {
        RpcEndpoint e = endpoints.get(i);
        if (rank(e, headSensitive, now) == rank) {
          out[n++] = e;
        }
      }
    }
    if (n == out.length) {
      return out;
    }
    RpcEndpoint[] trimmed = new RpcEndpoint[n];
    System.arraycopy(out, 0, trimmed, 0, n);
    return trimmed;
  }

  private static int rank(RpcEndpoint e, boolean headSensitive, long now) {
    CircuitBreakerState state = e.state();
    if (state == CircuitBreakerState.CLOSED) {
      return headSensitive && e.lagging() ? 1 : 0;
    }
    return e.refusing(now) ? -1 : 2;
  }

  /** Seconds until the first open breaker lets a trial call through, at least 1. */
  long retryAfterSeconds() {
    long now = System.nanoTime();
    long min = Long.MAX_VALUE;
    for (RpcEndpoint e : endpoints) {
      min = Math.min(min, e.nanosToRecovery(now));
    }
    return Math.max(1, (min + 999_999_999L) / 1_000_000_000L);
  }

  /** The best head any endpoint reported, or {@link RpcEndpoint#UNKNOWN}. */
  long bestHead() {
    long best = RpcEndpoint.UNKNOWN;
    for (RpcEndpoint e : endpoints) {
      best = Math.max(best, e.head());
    }
    return best;
  }
}
