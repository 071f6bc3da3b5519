package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** Bodies of the circuit-breaker admin API (names as the published client's models). */
final class CircuitBreakerDtos {

  private CircuitBreakerDtos() {}

  /** One breaker's state and counts. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CircuitBreakerStatus(
      String state,
      long failureCount,
      long successCount,
      long consecutiveFailures,
      long consecutiveSuccesses,
      long totalCalls,
      String lastFailureTime,
      String lastSuccessTime,
      Map<String, Long> stateTransitions) {}

  /** The status plus rates, half-open calls and where the breaker sits. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CircuitBreakerMetrics(
      String name,
      long chainId,
      String endpoint,
      String url,
      String state,
      long failureCount,
      long successCount,
      long consecutiveFailures,
      long consecutiveSuccesses,
      long totalCalls,
      long halfOpenCalls,
      double successRate,
      double failureRate,
      double averageResponseTime,
      String lastFailureTime,
      String lastSuccessTime,
      Map<String, Long> stateTransitions) {}

  /** One endpoint of a chain as the gateway sees it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record RpcClientStatus(
      String name,
      String url,
      String state,
      CircuitBreakerMetrics metrics,
      boolean isHealthy,
      Long headBlock,
      long headLag,
      boolean isLagging) {}

  /** Counts over every breaker. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Summary(
      int totalCircuitBreakers,
      int closed,
      int open,
      int halfOpen,
      int healthy,
      int unhealthy,
      int totalChains) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record StatusResponse(
      Map<String, CircuitBreakerStatus> circuitBreakers,
      Map<String, Map<String, RpcClientStatus>> rpcClients,
      Summary summary,
      String timestamp) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record HealthResponse(
      String overallHealth,
      double healthPercentage,
      int totalCircuitBreakers,
      int healthyCircuitBreakers,
      int unhealthyCircuitBreakers,
      Map<String, Map<String, RpcClientStatus>> rpcClients,
      String lastUpdated,
      String lastReload,
      int healthyRpcs,
      int totalRpcs,
      List<Long> unhealthyChains,
      String timestamp) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ResetResponse(String message, String status, int resetCount, String timestamp) {}

  /** Durations in whole seconds (rounded up), and in milliseconds for sub-second settings. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ConfigResponse(
      int failureThreshold,
      long recoveryTimeout,
      int successThreshold,
      long timeout,
      int halfOpenMaxCalls,
      long recoveryTimeoutMs,
      long timeoutMs,
      int retries) {}
}
