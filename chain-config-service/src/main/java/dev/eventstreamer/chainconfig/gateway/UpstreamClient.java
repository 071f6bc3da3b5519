package dev.eventstreamer.chainconfig.gateway;

import dev.eventstreamer.chainconfig.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Handler;
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
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
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
   * One request and its answer, with its own deadline: a Vert.x timer on the caller's event loop.
   * SmallRye's timeout would do the same job on its timer thread, which it wakes on every call; on
   * a small machine that wake-up per call competed with the event loops for the cores. When the
   * deadline passes the request is reset, so an upstream that trickles its answer cannot hold the
   * connection, and a late answer is dropped.
   */
  final class Exchange implements Handler<Long> {
    private static final AtomicIntegerFieldUpdater<Exchange> ENDED =
        AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "ended");

    private final CompletableFuture<UpstreamReply> result = new CompletableFuture<>();
    private final boolean batch;
    private final LongConsumer answered;
    private final long start = System.nanoTime();
    private long timeoutMillis;
    private long deadline;
    // Answers and failures arrive on the request's loop; the deadline can fire elsewhere when the
    // caller is off the loops. Whichever comes first ends the exchange.
    private volatile int ended;
    private volatile HttpClientRequest request;

    Exchange(boolean batch, LongConsumer answered) {
      this.batch = batch;
      this.answered = answered;
    }

    CompletionStage<UpstreamReply> result() {
      return result;
    }

    void start(UpstreamTarget target, Buffer body) {
      timeoutMillis = target.timeoutMillis();
      deadline = vertx.setTimer(timeoutMillis, this);
      client()
          .request(target.options())
          .onFailure(this::fail)
          .onSuccess(
              req -> {
                request = req;
                if (ended != 0) {
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

    /** The deadline passed. */
    @Override
    public void handle(Long timer) {
      if (!ENDED.compareAndSet(this, 0, 1)) {
        return;
      }
      HttpClientRequest r = request;
      if (r != null) {
        r.reset();
      }
      result.completeExceptionally(
          new UpstreamException(
              UpstreamException.Kind.TIMEOUT,
              "timed out: no answer within " + timeoutMillis + " ms"));
    }

    private boolean end() {
      if (!ENDED.compareAndSet(this, 0, 1)) {
        return false;
      }
      vertx.cancelTimer(deadline);
      return true;
    }

    private void answer(int status, Buffer body) {
      if (!end()) {
        return;
      }
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
      if (!end()) {
        return;
      }
      result.completeExceptionally(
          cause instanceof TimeoutException
                  || cause instanceof io.netty.handler.timeout.TimeoutException
                  || cause.getClass().getSimpleName().contains("Timeout")
              ? new UpstreamException(UpstreamException.Kind.TIMEOUT, "timed out")
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
