package dev.eventstreamer.launcher;

import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.launcher.RouteTable.Route;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The suite's front door on port 8000: routes each request by path to the service that owns it (see
 * {@link RouteTable}) through Vert.x's reverse proxy, answers {@code /health} for the whole suite,
 * and answers problem+json when no route or no service is there.
 */
public final class Gateway implements AutoCloseable {

  /** The services behind the gateway and where each can be reached while it runs. */
  public interface Backends {
    /** The services the suite started, running or not: {@code /health} reports each. */
    List<Service> managed();

    /** The address of a running service; empty when it was not started or has stopped. */
    Optional<SocketAddress> address(Service service);
  }

  private static final String PROBLEM_JSON = "application/problem+json";
  // RFC 9110 7.6.1: they describe one connection and are not forwarded (Transfer-Encoding is the
  // proxy's own business).
  private static final List<String> HOP_BY_HOP =
      List.of("Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade");
  private static final long HEALTH_TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  private final RouteTable routes;
  private final Backends backends;
  private final HttpClient client;
  private final HttpProxy proxy;
  private HttpServer server;

  public Gateway(Vertx vertx, RouteTable routes, Backends backends) {
    this.vertx = vertx;
    this.routes = routes;
    this.backends = backends;
    // Streams hold their connection for as long as the client reads, so the pool must be far
    // larger than Vert.x's default of 5 per origin, and connections never time out when idle.
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0).setConnectTimeout(5_000),
            new PoolOptions().setHttp1MaxSize(1_000).setMaxWaitQueueSize(-1));
    this.proxy =
        HttpProxy.reverseProxy(client)
            .originRequestProvider(
                (request, http) ->
                    routes
                        .match(request.path())
                        .flatMap(route -> backends.address(route.service()))
                        .map(address -> originRequest(http, address))
                        .orElseGet(() -> Future.failedFuture("no backend for " + request.path())))
            .addInterceptor(new ClientBodies())
            .addInterceptor(new ForwardedHeaders())
            .addInterceptor(new BadGatewayAsProblem());
  }

  private static Future<HttpClientRequest> originRequest(HttpClient http, SocketAddress address) {
    return http.request(new RequestOptions().setServer(address))
        .map(
            // A service that closes its connection while the body is still being forwarded (it
            // answered, or went away) fails the proxy's writes and its answer, where it is
            // handled; without a handler Vert.x would also log each as an error.
            request -> request.exceptionHandler(failure -> {}));
  }

  /** Binds the gateway; port 0 picks a free one. Returns the bound port. */
  public int start(String host, int port)
      throws InterruptedException, ExecutionException, TimeoutException {
    // No idle timeout and no compression: streamed bodies pass through as they come.
    HttpServerOptions options =
        new HttpServerOptions().setHost(host).setPort(port).setIdleTimeout(0);
    server = vertx.createHttpServer(options).requestHandler(this::handle);
    return server
        .listen()
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS)
        .actualPort();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (RouteTable.HEALTH_PATH.equals(path)) {
      health(request);
      return;
    }
    Optional<Route> route = routes.match(path);
    if (route.isEmpty()) {
      ClientBody.drop(vertx, request);
      problem(
          request, 404, "Not Found", "No route for " + path + " on the gateway (404 not found).");
      return;
    }
    Service service = route.get().service();
    if (backends.address(service).isEmpty()) {
      ClientBody.drop(vertx, request);
      problem(
          request,
          503,
          "Service Unavailable",
          service + " is not running, and it serves " + path + ".");
      return;
    }
    proxy.handle(request);
  }

  /** Asks every managed service's {@code /health}; the suite is healthy when all of them are. */
  private void health(HttpServerRequest request) {
    List<Service> managed = backends.managed();
    List<Future<Boolean>> answers = new ArrayList<>();
    for (Service service : managed) {
      answers.add(serviceHealthy(service));
    }
    Future.join(answers)
        .onComplete(
            ignored -> {
              Map<String, Object> services = new LinkedHashMap<>();
              boolean all = true;
              for (int i = 0; i < managed.size(); i++) {
                boolean healthy = Boolean.TRUE.equals(answers.get(i).result());
                all &= healthy;
                services.put(managed.get(i).moduleName(), healthy ? "healthy" : "unhealthy");
              }
              JsonObject body =
                  new JsonObject()
                      .put("status", all ? "healthy" : "unhealthy")
                      .put("timestamp", Timestamps.now())
                      .put("services", new JsonObject(services));
              request
                  .response()
                  .setStatusCode(all ? 200 : 503)
                  .putHeader("Content-Type", "application/json")
                  .end(body.encode());
            });
  }

  private Future<Boolean> serviceHealthy(Service service) {
    Optional<SocketAddress> address = backends.address(service);
    if (address.isEmpty()) {
      return Future.succeededFuture(false);
    }
    RequestOptions get =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setServer(address.get())
            .setHost(address.get().host())
            .setPort(address.get().port())
            .setURI("/health")
            .setTimeout(HEALTH_TIMEOUT_MILLIS);
    return client
        .request(get)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode() == 200))
        .otherwise(false);
  }

  /**
   * Forwards each request's body through a {@link ClientBody}, so the rest of a body the service no
   * longer reads is dropped rather than left unread under a client that is still writing it; and
   * keeps the service's hop-by-hop headers to the service's connection: a {@code Connection: close}
   * that comes with a refused body speaks of that connection, not of the client's, which the
   * gateway keeps.
   */
  private final class ClientBodies implements ProxyInterceptor {
    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      ProxyRequest request = context.request();
      Body body = request.getBody();
      if (body != null) {
        request.setBody(Body.body(new ClientBody(vertx, request.proxiedRequest()), body.length()));
      }
      return context.sendRequest();
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
      MultiMap headers = context.response().headers();
      for (String name : HOP_BY_HOP) {
        headers.remove(name);
      }
      return context.sendResponse();
    }
  }

  /** Tells the service who asked and how, as nginx.conf's X-Forwarded-For and -Proto do. */
  private static final class ForwardedHeaders implements ProxyInterceptor {
    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      HttpServerRequest client = context.request().proxiedRequest();
      MultiMap headers = context.request().headers();
      String address = client.remoteAddress() == null ? null : client.remoteAddress().hostAddress();
      if (address != null) {
        String earlier = headers.get("X-Forwarded-For");
        headers.set("X-Forwarded-For", earlier == null ? address : earlier + ", " + address);
      }
      headers.set("X-Forwarded-Proto", client.isSSL() ? "https" : "http");
      // Host: vertx-http-proxy sends the service's own address and drops X-Forwarded-Host.
      return context.sendRequest();
    }
  }

  /**
   * A service that runs but cannot be reached (it is stopping, or not listening yet), or that
   * closes the connection before it answers, answers 502 problem+json too, instead of the proxy's
   * empty 502.
   */
  private final class BadGatewayAsProblem implements ProxyInterceptor {
    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      return context
          .sendRequest()
          .recover(
              failure -> {
                String path = context.request().proxiedRequest().path();
                String service =
                    routes.match(path).map(r -> r.service().moduleName()).orElse("the service");
                JsonObject body =
                    problemBody(
                        502,
                        "Bad Gateway",
                        service + " did not answer " + path + ": " + why(failure));
                // Whatever of the client's body was not forwarded is dropped (ClientBody).
                ProxyResponse response =
                    context
                        .request()
                        .release()
                        .response()
                        .setStatusCode(502)
                        .setStatusMessage("Bad Gateway")
                        .putHeader("Content-Type", PROBLEM_JSON)
                        .setBody(Body.body(Buffer.buffer(body.encode())));
                return Future.succeededFuture(response);
              });
    }
  }

  private static String why(Throwable failure) {
    if (failure instanceof StreamResetException || failure instanceof HttpClosedException) {
      return "it closed the connection before it answered";
    }
    return failure.getMessage();
  }

  private static JsonObject problemBody(int status, String title, String detail) {
    return new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }

  private static void problem(HttpServerRequest request, int status, String title, String detail) {
    JsonObject body = problemBody(status, title, detail);
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", PROBLEM_JSON)
        .end(body.encode());
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
