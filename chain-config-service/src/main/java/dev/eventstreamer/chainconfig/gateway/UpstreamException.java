package dev.eventstreamer.chainconfig.gateway;

/**
 * A transient failure of one upstream call: the breaker counts it and the gateway tries the next
 * endpoint. Messages never hold the URL, only what went wrong.
 */
public final class UpstreamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Kind {
    /** Connect error, reset, closed connection: worth an immediate retry. */
    CONNECTION,
    TIMEOUT,
    /** HTTP 5xx, or 4xx without a JSON-RPC answer. */
    HTTP_ERROR,
    /** HTTP 429 or a rate-limit JSON-RPC error. */
    RATE_LIMITED,
    /** A 2xx body that is not a JSON-RPC answer. */
    BAD_RESPONSE
  }

  private final Kind kind;

  public UpstreamException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
