package dev.eventstreamer.common.problem.impl;

import dev.eventstreamer.common.problem.ContentTooLarge;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds every request body to {@code quarkus.http.limits.max-body-size}: a larger one is answered
 * 413 problem+json by {@link ContentTooLarge}, which reads the rest of it so the client sees the
 * answer. A declared {@code Content-Length} is judged on the head. A chunked body's size is known
 * only at its end, so this route reads it (up to the limit) and hands it on: Vert.x routes find it
 * as the routing context's body, REST resources through {@link ReadBodyFilter}. Quarkus' own check,
 * which answers with an empty body and closes the connection under a client still writing, runs
 * after this route and so never sees a body over the limit.
 */
@Singleton
final class BodyLimit {

  /** The routing context's key of a chunked body this route has read. */
  static final String READ_BODY = BodyLimit.class.getName() + ".body";

  private final ContentTooLarge refusal;

  BodyLimit(ContentTooLarge refusal) {
    this.refusal = refusal;
  }

  void install(
      @Observes Router router,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
    if (limit.isEmpty()) {
      return;
    }
    long max = limit.get().asLongValue();
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(rc -> check(rc, max));
  }

  private void check(RoutingContext rc, long max) {
    HttpServerRequest request = rc.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      if (isLarger(length, max)) {
        refusal.refuse(rc, detail(max));
      } else {
        rc.next();
      }
      return;
    }
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) && !request.isEnded()) {
      readChunked(rc, max);
    } else {
      rc.next();
    }
  }

  private void readChunked(RoutingContext rc, long max) {
    HttpServerRequest request = rc.request();
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.exceptionHandler(rc::fail);
    request.endHandler(
        end -> {
          if (refused[0]) {
            return;
          }
          rc.put(READ_BODY, body);
          // As Vert.x's BodyHandler leaves it: a route's own BodyHandler finds the body read.
          RoutingContextInternal internal = (RoutingContextInternal) rc;
          internal.setBody(body);
          internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
          rc.next();
        });
    request.handler(
        chunk -> {
          if (body.length() + (long) chunk.length() > max) {
            refused[0] = true;
            // Takes the request's handlers over and drops the rest of the body.
            refusal.refuse(rc, detail(max));
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.resume();
  }

  private static String detail(long max) {
    return "The request body is larger than " + max + " bytes";
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
