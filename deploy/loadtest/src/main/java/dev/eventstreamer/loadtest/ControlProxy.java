package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.Ports;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control for the gateway's added latency: the least an HTTP proxy on the JVM can do (read the
 * body, post it to the upstream, send the answer back) with plain Vert.x, an event loop per core
 * pair as Quarkus has, and nothing else: no routing, no JSON-RPC checks, no breakers, no metrics.
 * It runs in a JVM of its own with the service's JVM options, so what it adds over the direct calls
 * is what this machine charges for any proxy hop; the gateway's figures above it are its own.
 */
final class ControlProxy extends AbstractVerticle {

  private final int port;
  private final int upstreamPort;
  private HttpClient client;

  private ControlProxy(int port, int upstreamPort) {
    this.port = port;
    this.upstreamPort = upstreamPort;
  }

  /** {@code ControlProxy <port> <upstream port>}: serves until killed. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int upstreamPort = Integer.parseInt(args[1]);
    int loops = 2 * Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    // One instance per event loop, each with its server (Vert.x shares the port) and its client.
    vertx
        .deployVerticle(
            () -> new ControlProxy(port, upstreamPort), new DeploymentOptions().setInstances(loops))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Override
  public void start(Promise<Void> started) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(64));
    vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(this::proxy)
        .listen()
        .<Void>mapEmpty()
        .onComplete(started);
  }

  private void proxy(HttpServerRequest request) {
    request
        .body()
        .compose(
            body ->
                client
                    .request(
                        new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setHost("127.0.0.1")
                            .setPort(upstreamPort)
                            .setURI("/")
                            .putHeader("Content-Type", "application/json"))
                    .compose(upstream -> upstream.send(body))
                    .compose(
                        answer ->
                            answer
                                .body()
                                .map(
                                    b -> {
                                      request
                                          .response()
                                          .setStatusCode(answer.statusCode())
                                          .putHeader("Content-Type", "application/json")
                                          .end(b);
                                      return null;
                                    })))
        .onFailure(e -> request.response().setStatusCode(502).end());
  }

  /** The control proxy as a process of its own, with {@code jvmOptions}; closing it stops it. */
  static ProxyProcess start(List<String> jvmOptions, int upstreamPort, Path log)
      throws IOException, InterruptedException {
    int port = Ports.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ControlProxy.class.getName());
    command.add(Integer.toString(port));
    command.add(Integer.toString(upstreamPort));
    return ProxyProcess.start(
        "the control proxy", new ProcessBuilder(command), port, log, "log: " + log);
  }
}
