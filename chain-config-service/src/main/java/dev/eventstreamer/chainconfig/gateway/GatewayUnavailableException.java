package dev.eventstreamer.chainconfig.gateway;

import java.util.List;

/**
 * No endpoint of a chain answered a call: every breaker was open ({@link #breakersOpen()}, retry
 * after {@link #retryAfterSeconds()}), or each endpoint tried failed ({@link #reasons()}, by
 * breaker name, no URLs).
 */
public final class GatewayUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long chainId;
  private final boolean breakersOpen;
  private final boolean rateLimited;
  private final long retryAfterSeconds;
  private final List<String> reasons;

  GatewayUnavailableException(
      long chainId,
      boolean breakersOpen,
      boolean rateLimited,
      long retryAfterSeconds,
      List<String> reasons) {
    super(String.join("; ", reasons), null, false, false);
    this.chainId = chainId;
    this.breakersOpen = breakersOpen;
    this.rateLimited = rateLimited;
    this.retryAfterSeconds = retryAfterSeconds;
    this.reasons = List.copyOf(reasons);
  }

  public long chainId() {
    return chainId;
  }

  public boolean breakersOpen() {
    return breakersOpen;
  }

  /** Every endpoint tried said the caller is rate limited. */
  public boolean rateLimited() {
    return rateLimited;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public List<String> reasons() {
    return reasons;
  }
}
