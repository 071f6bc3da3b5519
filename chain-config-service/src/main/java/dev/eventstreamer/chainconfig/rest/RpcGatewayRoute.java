package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.chainconfig.config.GatewayConfig;
import dev.eventstreamer.chainconfig.gateway.GatewayUnavailableException;
import dev.eventstreamer.chainconfig.gateway.RpcEndpoint;
import dev.eventstreamer.chainconfig.gateway.RpcGatewayService;
import dev.eventstreamer.chainconfig.service.CallerKeys;
import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.common.problem.ContentTooLarge;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.impl.ProblemBody;
import dev.eventstreamer.common.problem.impl.ProblemMappers;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /rpc/{chain_id}}: the JSON-RPC gateway, as a Vert.x route rather than a JAX-RS
 * resource. The gateway's budget is its added latency, and a JAX-RS call costs a hop through the
 * event loop's task queue plus its request context; this route answers on the loop that read the
 * request. Errors of the JSON-RPC request itself are JSON-RPC error answers with HTTP 200; failures
 * of the gateway (bad chain id, unknown chain, body too large, no endpoint available) are problem
 * bodies, the same as every JAX-RS resource answers; with API keys on, a caller without the admin
 * key or a service key gets 401 before anything is read from the chain. OpenAPI: {@code
 * META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class RpcGatewayRoute {

  static final String PATH = "/rpc/:chain_id";

  private static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");
  private static final CharSequence POST = HttpHeaders.createOptimized("POST");

  /**
   * Names the endpoint ({@code host:port}, never a path or credentials) whose answer this is, so a
   * caller can keep what it learns per endpoint (stream-service keeps eth_getLogs range caps).
   */
  public static final String ENDPOINT_HEADER = "X-Rpc-Endpoint";

  private static final CharSequence ENDPOINT = HttpHeaders.createOptimized(ENDPOINT_HEADER);

  private final RpcGatewayService gateway;
  private final CallerKeys keys;
  private final ContentTooLarge refusal;
  private final long maxBodySize;

  RpcGatewayRoute(
      RpcGatewayService gateway, CallerKeys keys, ContentTooLarge refusal, GatewayConfig config) {
    this.gateway = gateway;
    this.keys = keys;
    this.refusal = refusal;
    this.maxBodySize = config.maxBodySize().asLongValue();
  }

  void install(@Observes Router router) {
    // Before common/core's check of the service's own, larger limit: the answer names the
    // gateway's.
    router
        .post(PATH)
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2)
        .handler(this::declaredLength);
    // Before the JAX-RS routes, which would answer 404 for a path they do not know.
    router
        .post(PATH)
        .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
        // Sized by Content-Length (Vert.x caps it at 64 KiB) rather than 1 KiB per request, most
        // of which a JSON-RPC call never fills.
        .handler(BodyHandler.create(false).setBodyLimit(maxBodySize).setPreallocateBodyBuffer(true))
        .handler(this::call)
        .failureHandler(this::failed);
    router
        .route(PATH)
        .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1)
        .handler(this::notAllowed);
  }

  /** Refuses a body whose Content-Length is over the gateway's limit. */
  private void declaredLength(RoutingContext rc) {
    String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && isLarger(length, maxBodySize)) {
      refuse(rc);
    } else {
      rc.next();
    }
  }

  private static boolean isLarger(String length, long max) {
    try {
      return Long.parseLong(length.trim()) > max;
    } catch (NumberFormatException e) {
      return false; // Vert.x rejects a malformed length itself
    }
  }

  private void refuse(RoutingContext rc) {
    refusal.refuse(
        rc,
        "The JSON-RPC request body is larger than the gateway's limit of "
            + maxBodySize
            + " bytes");
  }

  private void call(RoutingContext rc) {
    Buffer body = rc.body().buffer();
    if (body != null && body.length() > maxBodySize) {
      // A chunked body, read whole by common/core's check of the service's larger limit.
      refuse(rc);
      return;
    }
    long chainId;
    try {
      requireKey(keys, rc);
      chainId = chainId(rc.pathParam("chain_id"));
    } catch (ProblemException e) {
      send(rc, e);
      return;
    }
    Context context = Vertx.currentContext();
    Thread loop = Thread.currentThread();
    CompletionStage<RpcGatewayService.RpcAnswer> answer;
    try {
      answer = gateway.handle(chainId, body == null ? Buffer.buffer() : body);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (a, failure) -> {
          // Calls end on the request's loop; should one end elsewhere, the answer goes back
          // there, since the loop owns the connection.
          if (Thread.currentThread() == loop) {
            complete(rc, a, failure);
          } else {
            context.runOnContext(v -> complete(rc, a, failure));
          }
        });
  }

  private void complete(RoutingContext rc, RpcGatewayService.RpcAnswer answer, Throwable failure) {
    if (failure == null) {
      answer(rc, answer);
    } else {
      failure(rc, RpcEndpoint.unwrap(failure));
    }
  }

  private static void answer(RoutingContext rc, RpcGatewayService.RpcAnswer answer) {
    HttpServerResponse response = rc.response();
    if (response.closed()) {
      return;
    }
    response.setStatusCode(answer.status());
    if (answer.endpoint() != null) {
      response.putHeader(ENDPOINT, answer.endpoint());
    }
    if (answer.status() == 204) {
      response.end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(answer.body());
  }

  private void failed(RoutingContext rc) {
    if (rc.statusCode() == 413) {
      // A chunked body that common/core's limit route did not read went over while streaming in.
      refuse(rc);
    } else if (rc.failure() != null) {
      failure(rc, rc.failure());
    } else {
      int status = rc.statusCode() >= 400 ? rc.statusCode() : 500;
      ProblemBody.of(status, "The request failed", "The request failed", rc.request().path())
          .send(rc.response());
    }
  }

  private void notAllowed(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.ALLOW, POST);
    ProblemBody.of(
            405,
            "Method Not Allowed",
            "The JSON-RPC gateway answers POST only",
            rc.request().path())
        .send(rc.response());
  }

  private static void failure(RoutingContext rc, Throwable failure) {
    if (rc.response().closed() || rc.response().ended()) {
      return;
    }
    if (failure instanceof ProblemException e) {
      send(rc, e);
    } else if (failure instanceof GatewayUnavailableException e) {
      unavailable(rc, e);
    } else {
      ProblemMappers.unexpected(failure, rc.request().method().name(), rc.request().path())
          .send(rc.response());
    }
  }

  static void send(RoutingContext rc, ProblemException e) {
    Log.debugf("%s answered %d: %s", rc.request().path(), e.status(), e.detail());
    ProblemBody.of(e, rc.request().path()).send(rc.response());
  }

  private static void unavailable(RoutingContext rc, GatewayUnavailableException e) {
    String path = rc.request().path();
    ProblemBody body;
    if (e.breakersOpen()) {
      body =
          ProblemBody.of(
                  503,
                  "Service Unavailable",
                  "Every RPC endpoint of chain "
                      + e.chainId()
                      + " has an open circuit breaker; retry in "
                      + e.retryAfterSeconds()
                      + " s",
                  path)
              .member("chain_id", e.chainId())
              .member("error_code", "CIRCUIT_BREAKER_OPEN")
              .member("retry_after", e.retryAfterSeconds());
      retryAfter(rc, e);
    } else if (e.rateLimited()) {
      body =
          ProblemBody.of(
                  429,
                  "Too Many Requests",
                  "Every RPC endpoint of chain " + e.chainId() + " is rate limiting the gateway",
                  path)
              .member("chain_id", e.chainId())
              .member("reasons", e.reasons())
              .member("error_code", "RATE_LIMITED")
              .member("retry_after", e.retryAfterSeconds());
      retryAfter(rc, e);
    } else {
      body =
          ProblemBody.of(
                  502,
                  "Bad Gateway",
                  "No RPC endpoint of chain " + e.chainId() + " answered: " + e.getMessage(),
                  path)
              .member("chain_id", e.chainId())
              .member("reasons", e.reasons())
              .member("error_code", "UPSTREAM_UNAVAILABLE");
    }
    body.send(rc.response());
  }

  private static void retryAfter(RoutingContext rc, GatewayUnavailableException e) {
    MultiMap headers = rc.response().headers();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
  }

  /** With API keys on, lets only the admin key and service keys through (else throws 401/403). */
  static void requireKey(CallerKeys keys, RoutingContext rc) {
    if (keys.enabled()) {
      keys.requireRpc(
          ApiKeys.presented(
              rc.request().getHeader(HttpHeaders.AUTHORIZATION),
              rc.request().getHeader(ApiKeys.HEADER)));
    }
  }

  static long chainId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.badRequest("chain_id must be a positive integer");
  }
}
