package dev.eventstreamer.common.problem.impl;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared {@code Content-Length} exceeds {@code
 * quarkus.http.limits.max-body-size} with a 413 problem body. Quarkus' own check runs before any
 * JAX-RS mapper and answers with an empty body, so this route runs just before it.
 */
@Singleton
final class BodyLimit {

  void install(
      @Observes Router router,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
    if (limit.isEmpty()) {
      return;
    }
    long max = limit.get().asLongValue();
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(rc -> check(rc, max));
  }

  private static void check(RoutingContext rc, long max) {
    String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null || !isLarger(length, max)) {
      rc.next();
      return;
    }
    // The rest of the body is not read: close the connection, as Quarkus does.
    rc.response()
        .endHandler(ended -> rc.request().connection().close())
        .putHeader(HttpHeaders.CONNECTION, "close");
    ProblemBody.of(
            413,
            "Request Entity Too Large",
            "The request body is larger than " + max + " bytes",
            rc.request().path())
        .send(rc.response());
  }

  private static boolean isLarger(String length, long max) {
    try {
      return Long.parseLong(length.trim()) > max;
    } catch (NumberFormatException e) {
      // Quarkus rejects a malformed length itself.
      return false;
    }
  }
}
