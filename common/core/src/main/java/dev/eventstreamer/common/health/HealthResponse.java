package dev.eventstreamer.common.health;

/** Body of {@code GET /health}, the liveness answer the published client reads. */
public record HealthResponse(String status, String timestamp) {

  public static final String HEALTHY = "healthy";
}
