package dev.eventstreamer.stream.rest;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.stream.service.StreamAccess;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With API keys on, the subscription routes ({@code /subscriptions/{id}/...}) and client heartbeats
 * ({@code /stream/{connection_id}/heartbeat}) ask for a key in a header, as subscription-service's
 * do; the stream's GET, a Vert.x route, checks its own (it also takes the key as a query
 * parameter). Health, metrics and OpenAPI stay open.
 */
public class ApiKeyFilter {

  private static final Pattern SUBSCRIPTION = Pattern.compile("^/subscriptions/([^/]+)(/.*)?$");
  private static final Pattern HEARTBEAT = Pattern.compile("^/stream/([^/]+)/heartbeat/?$");

  private final StreamAccess access;

  public ApiKeyFilter(StreamAccess access) {
    this.access = access;
  }

  @ServerRequestFilter
  public Uni<Void> authenticate(ContainerRequestContext request) {
    if (!access.enabled()) {
      return Uni.createFrom().voidItem();
    }
    String path = request.getUriInfo().getPath();
    Optional<String> key =
        ApiKeys.presented(
            request.getHeaderString(HttpHeaders.AUTHORIZATION),
            request.getHeaderString(ApiKeys.HEADER));
    Matcher m = SUBSCRIPTION.matcher(path);
    if (m.matches()) {
      long id;
      try {
        id = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        // The resource answers 400 for the id, once the key is there.
        return key.isEmpty() ? access.check(key, 0) : Uni.createFrom().voidItem();
      }
      return access.check(key, id);
    }
    m = HEARTBEAT.matcher(path);
    if (m.matches()) {
      return access.checkConnection(key, m.group(1));
    }
    return Uni.createFrom().voidItem();
  }
}
