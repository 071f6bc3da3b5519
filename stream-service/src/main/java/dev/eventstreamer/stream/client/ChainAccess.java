package dev.eventstreamer.stream.client;

/**
 * A change in whether the gateway lets this replica read a chain: {@code blockedBy} is {@link
 * GatewayException.Kind#RATE_LIMITED} or {@link GatewayException.Kind#BREAKER_OPEN} when every
 * endpoint of the chain refuses for now (fired on every such refusal), null when an answer came
 * again after one (fired once).
 */
public record ChainAccess(long chainId, GatewayException.Kind blockedBy, String detail) {

  public boolean blocked() {
    return blockedBy != null;
  }
}
