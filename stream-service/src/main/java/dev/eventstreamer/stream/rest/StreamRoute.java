package dev.eventstreamer.stream.rest;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.impl.ProblemBody;
import dev.eventstreamer.stream.service.Framing;
import dev.eventstreamer.stream.service.StreamAccess;
import dev.eventstreamer.stream.service.StreamOpener;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * {@code GET /subscriptions/{id}/stream[?resume_token=]}: the subscription's events as a stream
 * that never ends on its own (API.md). A Vert.x route: the response is written as the client reads,
 * with back-pressure, on the event loop that took the request. OpenAPI: {@code
 * META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class StreamRoute {

  static final String PATH = "/subscriptions/:id/stream";

  private final StreamOpener opener;
  private final StreamAccess access;

  StreamRoute(StreamOpener opener, StreamAccess access) {
    this.opener = opener;
    this.access = access;
  }

  void install(@Observes Router router) {
    router.get(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::stream);
  }

  private void stream(RoutingContext rc) {
    long id;
    try {
      id = Long.parseLong(rc.pathParam("id"));
    } catch (NumberFormatException e) {
      id = 0;
    }
    if (id < 1) {
      ProblemBody.of(
              400,
              "Bad Request",
              "The subscription id must be a positive integer, not \"" + rc.pathParam("id") + "\"",
              rc.request().path())
          .send(rc.response());
      return;
    }
    String token = rc.request().getParam("resume_token");
    Framing framing = Framing.accepting(rc.request().getHeader(HttpHeaders.ACCEPT));
    long subscriptionId = id;
    if (!access.enabled()) {
      opener.open(id, token == null || token.isEmpty() ? null : token, framing, rc.response());
      return;
    }
    // The published client sends no headers on this GET: the key may come as a parameter.
    Optional<String> key =
        ApiKeys.presented(
                rc.request().getHeader(HttpHeaders.AUTHORIZATION),
                rc.request().getHeader(ApiKeys.HEADER))
            .or(
                () ->
                    Optional.ofNullable(rc.request().getParam(ApiKeys.QUERY_PARAMETER))
                        .filter(k -> !k.isBlank()));
    Context context = Vertx.currentContext();
    access
        .check(key, subscriptionId)
        .subscribe()
        .with(
            ok ->
                context.runOnContext(
                    v ->
                        opener.open(
                            subscriptionId,
                            token == null || token.isEmpty() ? null : token,
                            framing,
                            rc.response())),
            failure ->
                context.runOnContext(
                    v -> {
                      if (failure instanceof ProblemException p
                          && p.kind() == ProblemException.Kind.NOT_FOUND) {
                        // As for a subscription that does not exist: the same stream message.
                        opener.notFound(subscriptionId, framing, rc.response());
                      } else if (failure instanceof ProblemException p) {
                        ProblemBody.of(p, rc.request().path()).send(rc.response());
                      } else {
                        rc.fail(failure);
                      }
                    }));
  }
}
