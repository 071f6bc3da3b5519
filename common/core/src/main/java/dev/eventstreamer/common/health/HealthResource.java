package dev.eventstreamer.common.health;

import dev.eventstreamer.common.time.Timestamps;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /health} of every service: answers while the HTTP layer serves requests. Readiness of
 * the service's dependencies is {@code /q/health/ready}.
 */
@Path("/health")
public class HealthResource {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public HealthResponse health() {
    return new HealthResponse(HealthResponse.HEALTHY, Timestamps.now());
  }
}
