package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway in front of a real local HTTP server standing in for the services. */
class GatewayTest {

  private static final List<Service> MANAGED =
      List.of(Service.SUBSCRIPTION, Service.STREAM, Service.CHAIN_CONFIG);
  private static int closedPort;

  private static Vertx vertx;
  private static HttpServer origin;
  private static Gateway gateway;
  private static String base;
  private static final Set<Service> running = ConcurrentHashMap.newKeySet();
  private static volatile CompletableFuture<HttpServerResponse> openStream;
  private static volatile boolean unreachable;
  private static final Queue<HttpServerResponse> otherStreams = new ConcurrentLinkedQueue<>();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    origin =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  String path = request.path();
                  if (path.equals("/health")) {
                    request
                        .response()
                        .putHeader("Content-Type", "application/json")
                        .end("{\"status\":\"healthy\"}");
                  } else if (path.equals("/subscriptions/7/stream")) {
                    // One line now, the next only when the test has read the first: a gateway
                    // that buffered would never hand the first line over.
                    HttpServerResponse response =
                        request
                            .response()
                            .setChunked(true)
                            .putHeader("Content-Type", "application/x-ndjson");
                    response.write("{\"type\":\"heartbeat\",\"n\":1}\n");
                    openStream.complete(response);
                  } else if (path.matches("/subscriptions/\\d+/stream")) {
                    HttpServerResponse response = request.response().setChunked(true);
                    response.write("first line of " + path + "\n");
                    otherStreams.add(response);
                  } else if (path.equals("/subscriptions")) {
                    request
                        .body()
                        .onSuccess(
                            body ->
                                request
                                    .response()
                                    .setStatusCode(
                                        request.method().name().equals("POST") ? 201 : 200)
                                    .putHeader("Content-Type", "application/json")
                                    .putHeader("X-Origin-Query", String.valueOf(request.query()))
                                    .end(
                                        new JsonObject()
                                            .put("method", request.method().name())
                                            .put("body", body.toString())
                                            .put(
                                                "forwarded_for",
                                                request.getHeader("X-Forwarded-For"))
                                            .put(
                                                "forwarded_proto",
                                                request.getHeader("X-Forwarded-Proto"))
                                            .encode()));
                  } else {
                    request.response().setStatusCode(404).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    int originPort = origin.actualPort();
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // nothing listens there once closed
    }
    Gateway.Backends backends =
        new Gateway.Backends() {
          @Override
          public List<Service> managed() {
            return MANAGED;
          }

          @Override
          public Optional<SocketAddress> address(Service service) {
            if (service == Service.RULE_ENGINE && unreachable) {
              return Optional.of(SocketAddress.inetSocketAddress(closedPort, "127.0.0.1"));
            }
            return running.contains(service)
                ? Optional.of(SocketAddress.inetSocketAddress(originPort, "127.0.0.1"))
                : Optional.empty();
          }
        };
    gateway = new Gateway(vertx, RouteTable.standard(), backends);
    base = "http://127.0.0.1:" + gateway.start("127.0.0.1", 0);
  }

  @BeforeEach
  void allRunning() {
    running.addAll(MANAGED);
    unreachable = false;
    openStream = new CompletableFuture<>();
  }

  @AfterEach
  void endOpenStreams() {
    for (HttpServerResponse response = otherStreams.poll();
        response != null;
        response = otherStreams.poll()) {
      response.end();
    }
    openStream.thenAccept(
        response -> {
          if (!response.ended()) {
            response.end();
          }
        });
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void passesAPlainRequestAndResponseThrough() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/subscriptions?page=2"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"subscriber_id\":\"demo\"}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode());
    assertEquals("page=2", response.headers().firstValue("X-Origin-Query").orElseThrow());
    JsonObject body = new JsonObject(response.body());
    assertEquals("POST", body.getString("method"));
    assertEquals("{\"subscriber_id\":\"demo\"}", body.getString("body"));
    // The service learns who the client is and how it came, as behind nginx.
    assertEquals("127.0.0.1", body.getString("forwarded_for"));
    assertEquals("http", body.getString("forwarded_proto"));
  }

  @Test
  void streamsAChunkedResponseWithoutBufferingIt() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> {
          HttpResponse<Stream<String>> response =
              client.send(
                  HttpRequest.newBuilder(URI.create(base + "/subscriptions/7/stream"))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofLines());
          assertEquals(200, response.statusCode());
          assertEquals(
              "application/x-ndjson", response.headers().firstValue("Content-Type").orElseThrow());
          Iterator<String> lines = response.body().iterator();
          assertEquals("{\"type\":\"heartbeat\",\"n\":1}", lines.next());
          // Only now does the origin send the rest.
          openStream.get(5, TimeUnit.SECONDS).end("{\"type\":\"heartbeat\",\"n\":2}\n");
          assertEquals("{\"type\":\"heartbeat\",\"n\":2}", lines.next());
          assertFalse(lines.hasNext());
        });
  }

  @Test
  void carriesMoreLongLivedStreamsAtOnceThanAClientPoolsByDefault() {
    int streams = 12;
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          List<Iterator<String>> open = new ArrayList<>();
          for (int i = 100; i < 100 + streams; i++) {
            HttpResponse<Stream<String>> response =
                client.send(
                    HttpRequest.newBuilder(URI.create(base + "/subscriptions/" + i + "/stream"))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofLines());
            Iterator<String> lines = response.body().iterator();
            assertEquals("first line of /subscriptions/" + i + "/stream", lines.next());
            open.add(lines);
          }
          for (HttpServerResponse response = otherStreams.poll();
              response != null;
              response = otherStreams.poll()) {
            response.end();
          }
          for (Iterator<String> lines : open) {
            assertFalse(lines.hasNext());
          }
        });
  }

  @Test
  void answers503ProblemNamingAServiceThatIsNotRunning() throws Exception {
    running.remove(Service.CHAIN_CONFIG);
    HttpResponse<String> response = get("/api/chains");
    assertEquals(503, response.statusCode());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonObject problem = new JsonObject(response.body());
    assertEquals(503, problem.getInteger("status"));
    assertEquals("Service Unavailable", problem.getString("title"));
    assertTrue(
        problem.getString("detail").contains("chain-config-service"), problem.getString("detail"));
  }

  @Test
  void answers503ProblemForAServiceThatWasNeverStarted() throws Exception {
    HttpResponse<String> response = get("/api/rules");
    assertEquals(503, response.statusCode());
    assertTrue(new JsonObject(response.body()).getString("detail").contains("rule-engine-service"));
  }

  @Test
  void answers502ProblemWhenARunningServiceDoesNotAnswer() throws Exception {
    unreachable = true;
    HttpResponse<String> response = get("/api/rules/r-1");
    assertEquals(502, response.statusCode());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonObject problem = new JsonObject(response.body());
    assertEquals(502, problem.getInteger("status"));
    assertEquals("Bad Gateway", problem.getString("title"));
    assertTrue(
        problem.getString("detail").contains("rule-engine-service"), problem.getString("detail"));
  }

  @Test
  void answers404ProblemForAnUnknownPath() throws Exception {
    HttpResponse<String> response = get("/no/such/thing");
    assertEquals(404, response.statusCode());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonObject problem = new JsonObject(response.body());
    assertEquals(404, problem.getInteger("status"));
    assertEquals("Not Found", problem.getString("title"));
    assertTrue(problem.getString("type").length() > 0);
    assertTrue(problem.getString("detail").contains("not found"), problem.getString("detail"));
    assertTrue(problem.getString("detail").contains("/no/such/thing"), problem.getString("detail"));
  }

  @Test
  void reportsTheSuiteHealthyWhenEveryServiceIs() throws Exception {
    HttpResponse<String> response = get("/health");
    assertEquals(200, response.statusCode());
    JsonObject health = new JsonObject(response.body());
    assertEquals("healthy", health.getString("status"));
    assertTrue(
        health
            .getString("timestamp")
            .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"),
        health.getString("timestamp"));
    assertEquals(
        new JsonObject()
            .put("subscription-service", "healthy")
            .put("stream-service", "healthy")
            .put("chain-config-service", "healthy"),
        health.getJsonObject("services"));
  }

  @Test
  void reportsTheSuiteUnhealthyWhenAServiceIsDown() throws Exception {
    running.remove(Service.STREAM);
    HttpResponse<String> response = get("/health");
    assertEquals(503, response.statusCode());
    JsonObject health = new JsonObject(response.body());
    assertEquals("unhealthy", health.getString("status"));
    assertEquals("unhealthy", health.getJsonObject("services").getString("stream-service"));
    assertEquals("healthy", health.getJsonObject("services").getString("subscription-service"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
