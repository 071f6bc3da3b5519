package dev.eventstreamer.stream.client;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.stream.config.StreamConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts JSON-RPC bodies to chain-config-service's gateway ({@code POST /rpc/{chain_id}}) over
 * pooled keep-alive connections: every chain read of the service goes through here. A node's answer
 * (result or JSON-RPC error) comes back with the endpoint that gave it; the gateway's own failures
 * become a {@link GatewayException} with the wait it asked for. Each call carries the service key
 * ({@code stream.chain-config.api-key}) when one is configured.
 */
@ApplicationScoped
public class GatewayClient {

  /** The gateway's response header naming the endpoint ({@code host:port}) that answered. */
  public static final String ENDPOINT_HEADER = "X-Rpc-Endpoint";

  private static final CharSequence API_KEY = HttpHeaders.createOptimized(ApiKeys.HEADER);

  /** A node's answer as received, and who gave it (null when the gateway did not say). */
  public record Reply(Buffer body, String endpoint) {}

  private final VertxInternal vertx;
  private final HttpClient http;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final long timeoutMillis;
  private final String apiKey;
  private final Event<ChainAccess> access;
  // Chains every endpoint of which refused the last call, and why: changes are announced.
  private final Map<Long, GatewayException.Kind> blocked = new ConcurrentHashMap<>();

  GatewayClient(Vertx vertx, StreamConfig config, Event<ChainAccess> access) {
    this.access = access;
    this.vertx = (VertxInternal) vertx;
    URI url = URI.create(config.chainConfig().url());
    this.ssl = "https".equalsIgnoreCase(url.getScheme());
    this.host = url.getHost();
    this.port = url.getPort() >= 0 ? url.getPort() : ssl ? 443 : 80;
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.timeoutMillis = config.chainConfig().rpcTimeout().toMillis();
    this.apiKey = config.chainConfig().apiKey().orElse(null);
    this.http =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setKeepAlive(true)
                    .setKeepAliveTimeout(30)
                    .setTcpNoDelay(true)
                    .setTryUseCompression(false))
            .with(new PoolOptions().setHttp1MaxSize(config.chainConfig().maxConnections()))
            .build();
  }

  @PreDestroy
  void close() {
    http.close();
  }

  /** Posts {@code body} (a JSON-RPC request or batch) for {@code chainId}. */
  public Uni<Reply> post(long chainId, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setSsl(ssl)
            .setURI(basePath + "/rpc/" + chainId)
            .setTimeout(timeoutMillis)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.ACCEPT, "application/json");
    if (apiKey != null) {
      options.putHeader(API_KEY, apiKey);
    }
    return Uni.createFrom()
        .completionStage(
            () -> {
              Promise<Reply> answer = Promise.promise();
              onEventLoop(
                  () ->
                      http.request(options)
                          .compose(request -> request.send(body))
                          .compose(
                              response -> response.body().map(b -> reply(chainId, response, b)))
                          .onComplete(answer));
              return answer.future().toCompletionStage();
            })
        .onItemOrFailure()
        .invoke((reply, failure) -> observe(chainId, failure))
        .onFailure(failure -> !(failure instanceof GatewayException))
        .transform(
            failure ->
                new GatewayException(
                    GatewayException.Kind.TRANSPORT,
                    chainId,
                    "gateway unreachable: " + failure,
                    0));
  }

  /**
   * Runs {@code call} on an event loop. Ingestion calls from its own threads, and a call started
   * there registers each step's callback from that thread: when the response's head completed the
   * send before {@code body()} was asked for, the body went by unread and the call waited for its
   * deadline (35 s of a follower's silence, about once in a few thousand calls). On an event loop
   * each step's callback runs in the same turn as the event that completes the step before.
   */
  private void onEventLoop(Runnable call) {
    if (Context.isOnEventLoopThread()) {
      call.run();
    } else {
      vertx.createEventLoopContext().runOnContext(v -> call.run());
    }
  }

  /** Announces when a chain becomes blocked (rate limits, open breakers) or answers again. */
  private void observe(long chainId, Throwable failure) {
    if (failure == null) {
      if (!blocked.isEmpty() && blocked.remove(chainId) != null) {
        access.fire(new ChainAccess(chainId, null, null));
      }
    } else if (failure instanceof GatewayException g
        && (g.kind() == GatewayException.Kind.RATE_LIMITED
            || g.kind() == GatewayException.Kind.BREAKER_OPEN)) {
      // Every such refusal, not only the first: a block nobody sees again can then expire.
      blocked.put(chainId, g.kind());
      access.fire(new ChainAccess(chainId, g.kind(), g.getMessage()));
    }
  }

  private static Reply reply(long chainId, HttpClientResponse response, Buffer body) {
    int status = response.statusCode();
    if (status == 200) {
      return new Reply(body, response.getHeader(ENDPOINT_HEADER));
    }
    throw failure(chainId, status, response.getHeader(HttpHeaders.RETRY_AFTER), body);
  }

  private static GatewayException failure(
      long chainId, int status, String retryAfter, Buffer body) {
    String detail = "HTTP " + status;
    String errorCode = null;
    try {
      JsonObject problem = body.toJsonObject();
      errorCode = problem.getString("error_code");
      if (problem.getString("detail") != null) {
        detail = detail + ": " + problem.getString("detail");
      }
    } catch (RuntimeException notJson) {
      // the status says enough
    }
    long waitMillis = retryAfterMillis(retryAfter);
    GatewayException.Kind kind;
    if (status == 429 || "RATE_LIMITED".equals(errorCode)) {
      kind = GatewayException.Kind.RATE_LIMITED;
    } else if ("CIRCUIT_BREAKER_OPEN".equals(errorCode)) {
      kind = GatewayException.Kind.BREAKER_OPEN;
    } else if (status == 404) {
      kind = GatewayException.Kind.CHAIN_UNKNOWN;
    } else if (status >= 500) {
      kind = GatewayException.Kind.UNAVAILABLE;
    } else {
      kind = GatewayException.Kind.REFUSED;
    }
    Log.debugf("Gateway answered chain %d with %s", chainId, detail);
    return new GatewayException(kind, chainId, detail, waitMillis);
  }

  private static long retryAfterMillis(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()) * 1000);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
