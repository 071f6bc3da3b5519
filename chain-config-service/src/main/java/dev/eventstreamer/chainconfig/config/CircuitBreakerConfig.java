package dev.eventstreamer.chainconfig.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** The circuit breaker, timeout and retries guarding each RPC endpoint. */
@ConfigMapping(prefix = "chain-config.circuit-breaker")
public interface CircuitBreakerConfig {

  /** Consecutive failed calls that open an endpoint's breaker. */
  @WithDefault("5")
  @Min(1)
  int failureThreshold();

  /** How long a breaker stays open before it lets trial calls through (half-open). */
  @WithDefault("30S")
  Duration recoveryTimeout();

  /** Consecutive successful trial calls that close a half-open breaker. */
  @WithDefault("2")
  @Min(1)
  int successThreshold();

  /** Longest wait for one upstream call, connecting included. */
  @WithDefault("10S")
  @DurationMin(millis = 1)
  Duration timeout();

  /** Trial calls in flight at once on a half-open breaker. */
  @WithDefault("1")
  @Min(1)
  int halfOpenMaxCalls();

  /** Immediate retries on the same endpoint after a connection error (then the next endpoint). */
  @WithDefault("1")
  @Min(0)
  @Max(5)
  int retries();
}
