package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.chainconfig.gateway.ChainEndpoints;
import dev.eventstreamer.chainconfig.gateway.EndpointRegistry;
import dev.eventstreamer.chainconfig.gateway.RpcMethods;
import dev.eventstreamer.chainconfig.gateway.RpcRequest;
import dev.eventstreamer.chainconfig.service.CallerKeys;
import dev.eventstreamer.chainconfig.service.EndpointUrls;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.impl.ProblemBody;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /rpc/{chain_id}/ws}: a WebSocket to the chain's {@code live_websocket_url}, relayed
 * message for message, so callers get subscriptions ({@code eth_subscribe newHeads}) without ever
 * holding the endpoint's URL or key. The caller's requests pass the gateway's method policy (reads,
 * plus subscriptions); the node's messages come back untouched. A chain without a WebSocket URL
 * answers 404, an unreachable endpoint 502 (both problem bodies, before the upgrade); with API keys
 * on, a caller without the admin key or a service key gets 401 before the chain's socket is opened.
 */
@ApplicationScoped
public class RpcWebSocketRoute {

  static final String PATH = RpcGatewayRoute.PATH + "/ws";

  private static final String NOT_ALLOWED = "method not allowed by the gateway";

  // JSON-RPC answers over a socket (eth_getLogs, say) can be far larger than a head.
  private static final int MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

  private final EndpointRegistry registry;
  private final CallerKeys keys;
  private final WebSocketClient client;

  RpcWebSocketRoute(EndpointRegistry registry, CallerKeys keys, Vertx vertx) {
    this.registry = registry;
    this.keys = keys;
    this.client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setConnectTimeout(5_000)
                .setMaxMessageSize(MAX_MESSAGE_SIZE)
                .setMaxFrameSize(MAX_MESSAGE_SIZE));
  }

  void install(@Observes Router router) {
    router.get(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::open);
  }

  private void open(RoutingContext rc) {
    String url;
    long chainId;
    try {
      // Before the upgrade, in headers, as over HTTP: the key never travels in the URL.
      RpcGatewayRoute.requireKey(keys, rc);
      chainId = RpcGatewayRoute.chainId(rc.pathParam("chain_id"));
      url = websocketUrl(chainId);
      if (!"websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE))) {
        throw ProblemException.badRequest(
            "This path is a WebSocket (Upgrade: websocket); JSON-RPC over HTTP is POST /rpc/"
                + chainId);
      }
    } catch (ProblemException e) {
      RpcGatewayRoute.send(rc, e);
      return;
    }
    // The upgrade waits for the upstream socket: a failure can still be an HTTP answer.
    rc.request().pause();
    client
        .connect(new WebSocketConnectOptions().setAbsoluteURI(url))
        .onSuccess(upstream -> accept(rc, chainId, upstream))
        .onFailure(
            failure -> {
              rc.request().resume();
              Log.warnf(
                  "Chain %d: WebSocket endpoint %s unreachable: %s",
                  chainId, EndpointUrls.mask(url), failure.toString());
              ProblemBody.of(
                      502,
                      "Bad Gateway",
                      "The WebSocket endpoint of chain " + chainId + " is unreachable",
                      rc.request().path())
                  .member("chain_id", chainId)
                  .member("error_code", "UPSTREAM_UNAVAILABLE")
                  .send(rc.response());
            });
  }

  private String websocketUrl(long chainId) {
    ChainEndpoints chain = registry.current().chain(chainId);
    if (chain == null) {
      throw ProblemException.notFound("Chain " + chainId + " not found");
    }
    if (chain.websocketUrl() == null) {
      throw ProblemException.notFound("Chain " + chainId + " has no live_websocket_url");
    }
    return chain.websocketUrl();
  }

  private static void accept(RoutingContext rc, long chainId, WebSocket upstream) {
    rc.request()
        .toWebSocket()
        .onSuccess(
            caller -> {
              relay(upstream, caller);
              fromCaller(caller, upstream);
            })
        .onFailure(
            failure -> {
              Log.debugf("Chain %d: WebSocket upgrade failed: %s", chainId, failure.toString());
              upstream.close();
            });
  }

  /**
   * The caller's requests to the node, as over HTTP only the methods the gateway forwards (reads,
   * plus eth_subscribe and eth_unsubscribe); any other request, or a batch holding one, is answered
   * here with JSON-RPC error -32601 and never reaches the node.
   */
  private static void fromCaller(WebSocketBase caller, WebSocketBase upstream) {
    caller.textMessageHandler(
        text -> {
          String refused = refusal(text);
          if (refused != null) {
            caller.writeTextMessage(refused);
            return;
          }
          upstream.writeTextMessage(text);
          pauseWhileFull(caller, upstream);
        });
    caller.binaryMessageHandler(
        bytes -> caller.close((short) 1003, "JSON-RPC over this socket is text"));
    caller.closeHandler(v -> upstream.close());
    caller.exceptionHandler(failure -> caller.close());
  }

  /** The answer refusing {@code text}, or null when it may go to the node. */
  static String refusal(String text) {
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException e) {
      return error(null, RpcRequest.PARSE_ERROR, "parse error").encode();
    }
    if (parsed instanceof JsonObject request) {
      String method = request.getValue("method") instanceof String m ? m : null;
      return RpcMethods.allowedOverSocket(method)
          ? null
          : error(request.getValue("id"), RpcRequest.METHOD_NOT_FOUND, NOT_ALLOWED).encode();
    }
    if (parsed instanceof JsonArray batch && !batch.isEmpty()) {
      boolean allAllowed = true;
      for (Object element : batch) {
        allAllowed &=
            element instanceof JsonObject r
                && r.getValue("method") instanceof String m
                && RpcMethods.allowedOverSocket(m);
      }
      if (allAllowed) {
        return null;
      }
      JsonArray answers = new JsonArray();
      for (Object element : batch) {
        Object id = element instanceof JsonObject r ? r.getValue("id") : null;
        answers.add(error(id, RpcRequest.METHOD_NOT_FOUND, "batch holds a " + NOT_ALLOWED));
      }
      return answers.encode();
    }
    return error(null, RpcRequest.INVALID_REQUEST, "invalid request").encode();
  }

  private static JsonObject error(Object id, int code, String message) {
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("id", id)
        .put("error", new JsonObject().put("code", code).put("message", message));
  }

  /** Messages of {@code from} to {@code to}, as text or binary as they came, with back-pressure. */
  private static void relay(WebSocketBase from, WebSocketBase to) {
    from.textMessageHandler(
        text -> {
          to.writeTextMessage(text);
          pauseWhileFull(from, to);
        });
    from.binaryMessageHandler(
        bytes -> {
          to.writeBinaryMessage(bytes);
          pauseWhileFull(from, to);
        });
    from.closeHandler(v -> to.close());
    from.exceptionHandler(failure -> from.close());
  }

  private static void pauseWhileFull(WebSocketBase from, WebSocketBase to) {
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }
}
