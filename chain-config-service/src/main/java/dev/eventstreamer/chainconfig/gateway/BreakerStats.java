package dev.eventstreamer.chainconfig.gateway;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one endpoint's breaker saw: the counts the admin API shows, and the breaker state as its
 * state-change callbacks report it (SmallRye moves it; this class only follows).
 */
public final class BreakerStats {

  private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
  private volatile long openedAtNanos;

  private long failureCount;
  private long successCount;
  private long consecutiveFailures;
  private long consecutiveSuccesses;
  private long totalCalls;
  private long halfOpenCalls;
  private long responseNanosTotal;
  private long timedCalls;
  private Instant lastFailure;
  private Instant lastSuccess;
  private final Map<String, Long> transitions = new LinkedHashMap<>();

  /** An immutable copy for the admin API. */
  public record Snapshot(
      CircuitBreakerState state,
      long failureCount,
      long successCount,
      long consecutiveFailures,
      long consecutiveSuccesses,
      long totalCalls,
      long halfOpenCalls,
      Instant lastFailure,
      Instant lastSuccess,
      Map<String, Long> transitions,
      double averageResponseMillis) {}

  public CircuitBreakerState state() {
    return state;
  }

  /** When the breaker last opened (System.nanoTime). */
  long openedAtNanos() {
    return openedAtNanos;
  }

  synchronized void success() {
    successCount++;
    totalCalls++;
    consecutiveSuccesses++;
    consecutiveFailures = 0;
    lastSuccess = Instant.now();
  }

  synchronized void failure() {
    failureCount++;
    totalCalls++;
    consecutiveFailures++;
    consecutiveSuccesses = 0;
    lastFailure = Instant.now();
  }

  synchronized void responseTime(long nanos) {
    responseNanosTotal += nanos;
    timedCalls++;
  }

  synchronized void halfOpenCall() {
    halfOpenCalls++;
  }

  /** Follows a state change; counts it as {@code from_to_to} unless the state is unchanged. */
  synchronized void transition(CircuitBreakerState to) {
    CircuitBreakerState from = state;
    if (from == to) {
      return;
    }
    if (to == CircuitBreakerState.OPEN) {
      openedAtNanos = System.nanoTime();
    }
    transitions.merge(name(from) + "_to_" + name(to), 1L, Long::sum);
    state = to;
  }

  /** After a manual reset: closed, counts from zero, the transitions kept. */
  synchronized void reset() {
    transition(CircuitBreakerState.CLOSED);
    failureCount = 0;
    successCount = 0;
    consecutiveFailures = 0;
    consecutiveSuccesses = 0;
    totalCalls = 0;
    halfOpenCalls = 0;
    responseNanosTotal = 0;
    timedCalls = 0;
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        state,
        failureCount,
        successCount,
        consecutiveFailures,
        consecutiveSuccesses,
        totalCalls,
        halfOpenCalls,
        lastFailure,
        lastSuccess,
        Collections.unmodifiableMap(new LinkedHashMap<>(transitions)),
        timedCalls == 0 ? 0.0 : responseNanosTotal / 1_000_000.0 / timedCalls);
  }

  /** {@code closed}, {@code open}, {@code half_open}. */
  public static String name(CircuitBreakerState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
