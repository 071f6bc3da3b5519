package dev.eventstreamer.subscription.rest;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.subscription.config.SubscriptionConfig;
import dev.eventstreamer.subscription.service.ApiKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates calls by API key ({@code Authorization: Bearer <key>} or {@code X-API-Key}): the
 * subscription endpoints when {@code subscription.auth.enabled}, key management always (admin key
 * only). Failures answer 401 (no or unknown key) or 403 (a key without the right).
 */
public class ApiKeyFilter {

  private final SubscriptionConfig.Auth auth;
  private final ApiKeyService keys;
  private final Caller caller;

  public ApiKeyFilter(SubscriptionConfig config, ApiKeyService keys, Caller caller) {
    this.auth = config.auth();
    this.keys = keys;
    this.caller = caller;
  }

  @ServerRequestFilter
  public Uni<Response> authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path.startsWith("/api/keys")) {
      return requireAdmin(presentedKey(request));
    }
    if (!auth.enabled() || !path.startsWith("/subscriptions")) {
      return Uni.createFrom().nullItem();
    }
    Optional<String> key = presentedKey(request);
    if (key.isEmpty()) {
      return Uni.createFrom().failure(unauthorized("An API key is required"));
    }
    if (isAdmin(key.get())) {
      return Uni.createFrom().nullItem();
    }
    return keys.subscriberOf(key.get())
        .map(
            subscriber -> {
              caller.restrictTo(
                  subscriber.orElseThrow(
                      () -> unauthorized("The API key is not valid or has been revoked")));
              return null;
            });
  }

  private Uni<Response> requireAdmin(Optional<String> key) {
    if (auth.adminKey().isEmpty()) {
      return Uni.createFrom()
          .failure(
              new WebApplicationException(
                  "Key management is off: no subscription.auth.admin-key is configured", 403));
    }
    if (key.isEmpty()) {
      return Uni.createFrom().failure(unauthorized("The admin key is required"));
    }
    if (!isAdmin(key.get())) {
      return Uni.createFrom()
          .failure(new WebApplicationException("Only the admin key manages API keys", 403));
    }
    return Uni.createFrom().nullItem();
  }

  private boolean isAdmin(String key) {
    // Compared as hashes, in constant time: neither length nor content leaks through timing.
    return auth.adminKey()
        .map(
            admin ->
                MessageDigest.isEqual(
                    ApiKeys.hash(admin).getBytes(StandardCharsets.US_ASCII),
                    ApiKeys.hash(key).getBytes(StandardCharsets.US_ASCII)))
        .orElse(false);
  }

  private static Optional<String> presentedKey(ContainerRequestContext request) {
    return ApiKeys.presented(
        request.getHeaderString(HttpHeaders.AUTHORIZATION),
        request.getHeaderString(ApiKeys.HEADER));
  }

  private static WebApplicationException unauthorized(String detail) {
    return new WebApplicationException(
        detail, Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
  }
}
