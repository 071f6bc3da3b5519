package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.chainconfig.service.CallerKeys;
import dev.eventstreamer.common.auth.ApiKeys;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With API keys on, every request under {@code /api/chains} and {@code /api/circuit-breakers} that
 * is not a read (chain writes, refresh, breaker resets, and whatever write comes later) needs the
 * admin key; reads, health, metrics and OpenAPI stay open. The JSON-RPC gateway's Vert.x routes
 * check their own keys ({@link CallerKeys#requireRpc}).
 */
public class ApiKeyFilter {

  private static final Pattern ADMIN_PATHS =
      Pattern.compile("^/api/(chains|circuit-breakers)(/.*)?$");
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final CallerKeys keys;

  public ApiKeyFilter(CallerKeys keys) {
    this.keys = keys;
  }

  @ServerRequestFilter
  public void authenticate(ContainerRequestContext request) {
    if (!keys.enabled()
        || READS.contains(request.getMethod())
        || !ADMIN_PATHS.matcher(request.getUriInfo().getPath()).matches()) {
      return;
    }
    keys.requireAdmin(presented(request));
  }

  private static Optional<String> presented(ContainerRequestContext request) {
    return ApiKeys.presented(
        request.getHeaderString(HttpHeaders.AUTHORIZATION),
        request.getHeaderString(ApiKeys.HEADER));
  }
}
