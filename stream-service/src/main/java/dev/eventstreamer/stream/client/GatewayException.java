package dev.eventstreamer.stream.client;

/**
 * The gateway could not give a node's answer: every endpoint rate limited or broken, the chain
 * unknown to it, or the gateway itself unreachable. Ingestion waits and retries; none of these says
 * anything about the range asked for.
 */
public final class GatewayException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** Every endpoint of the chain is rate limiting (HTTP 429, error_code RATE_LIMITED). */
    RATE_LIMITED,
    /** Every endpoint's circuit breaker is open (HTTP 503, error_code CIRCUIT_BREAKER_OPEN). */
    BREAKER_OPEN,
    /** No endpoint answered (HTTP 502) or the gateway failed otherwise (5xx). */
    UNAVAILABLE,
    /** The gateway does not know the chain or it is inactive (HTTP 404). */
    CHAIN_UNKNOWN,
    /** The gateway refused the request itself (4xx): a bug on this side. */
    REFUSED,
    /** The gateway could not be reached, or did not answer in time. */
    TRANSPORT,
    /** The answer was not JSON-RPC. */
    BAD_RESPONSE
  }

  private final Kind kind;
  private final long chainId;
  private final long retryAfterMillis;

  public GatewayException(Kind kind, long chainId, String message, long retryAfterMillis) {
    super("chain " + chainId + ": " + message);
    this.kind = kind;
    this.chainId = chainId;
    this.retryAfterMillis = retryAfterMillis;
  }

  public Kind kind() {
    return kind;
  }

  public long chainId() {
    return chainId;
  }

  /** What the gateway asked to wait before the next call, or 0 when it said nothing. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
