package dev.eventstreamer.chainconfig.client;

import dev.eventstreamer.chainconfig.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * Posts a JSON-RPC body to one upstream over pooled keep-alive connections and classifies what
 * comes back ({@link ResponseInspector}); failures carry no URL.
 */
@ApplicationScoped
public class UpstreamClient {

  private final Vertx vertx;
  private final GatewayConfig config;
  // The shared client serves callers off the event loops (head polls, tests); each event loop
  // gets a client of its own so a call's connection lives on the loop that serves the request:
  // no hop to another loop and back, which on a small machine costs more than the call itself.
  private final HttpClient http;
  private final Map<Thread, HttpClient> perEventLoop = new ConcurrentHashMap<>();

  UpstreamClient(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.http = newClient();
  }

  private HttpClient newClient() {
    return vertx
        .httpClientBuilder()
        .with(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                .setVerifyHost(true))
        .with(new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerEndpoint()))
        // A reset connection fails its request, which is counted; no error log per connection.
        .withConnectHandler(
            connection ->
                connection.exceptionHandler(
                    e -> Log.debugf("Upstream connection failed: %s", describe(e))))
        .build();
  }

  private HttpClient client() {
    if (!Context.isOnEventLoopThread()) {
      return http;
    }
    return perEventLoop.computeIfAbsent(Thread.currentThread(), loop -> newClient());
  }

  @PreDestroy
  void close() {
    http.close();
    perEventLoop.values().forEach(HttpClient::close);
  }

  /**
   * @param answered told how long the upstream took when it answered (with anything)
   */
  Exchange send(UpstreamTarget target, Buffer body, boolean batch, LongConsumer answered) {
    Exchange exchange = new Exchange(batch, answered);
    exchange.start(target, body);
    return exchange;
  }

  /**
   * One request and its answer. A request the guard gave up on (its timeout) is {@link #abandon()
   * abandoned}: reset, so an upstream that trickles its answer cannot hold the connection.
   */
  final class Exchange {
    private final CompletableFuture<UpstreamReply> result = new CompletableFuture<>();
    private final boolean batch;
    private final LongConsumer answered;
    private final long start = System.nanoTime();
    private boolean done;
    private volatile HttpClientRequest request;
    private volatile boolean abandoned;

    CompletionStage<UpstreamReply> result() {
      return result;
    }

    /** Resets the request (from any thread); its late answer, if any, is dropped. */
    void abandon() {
      abandoned = true;
      HttpClientRequest r = request;
      if (r != null) {
        r.reset();
      }
    }

    Exchange(boolean batch, LongConsumer answered) {
      this.batch = batch;
      this.answered = answered;
    }

    void start(UpstreamTarget target, Buffer body) {
      client()
          .request(target.options())
          .onFailure(this::fail)
          .onSuccess(
              req -> {
                request = req;
                if (abandoned) {
                  req.reset();
                  return;
                }
                req.exceptionHandler(this::fail);
                req.send(body)
                    .onFailure(this::fail)
                    .onSuccess(
                        response ->
                            response
                                .body()
                                .onFailure(this::fail)
                                .onSuccess(b -> answer(response.statusCode(), b)));
              });
    }

    private void answer(int status, Buffer body) {
      if (done) {
        return;
      }
      done = true;
      answered.accept(System.nanoTime() - start);
      UpstreamReply reply;
      try {
        reply = ResponseInspector.inspect(status, body, batch);
      } catch (UpstreamException e) {
        result.completeExceptionally(e);
        return;
      }
      result.complete(reply);
    }

    private void fail(Throwable cause) {
      if (done) {
        return;
      }
      done = true;
      result.completeExceptionally(
          cause instanceof TimeoutException
                  || cause instanceof io.netty.handler.timeout.TimeoutException
                  || cause.getClass().getSimpleName().contains("Timeout")
              ? new UpstreamException(UpstreamException.Kind.TIMEOUT, "no answer in time")
              : new UpstreamException(
                  UpstreamException.Kind.CONNECTION, "connection failed: " + describe(cause)));
    }
  }

  // Exception messages of the HTTP stack can hold the host, never the path or credentials.
  private static String describe(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    String message = cause.getMessage();
    if (message == null) {
      return name;
    }
    int cut = message.indexOf(": /");
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
