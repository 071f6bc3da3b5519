package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.testing.PlainHttpClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.junit.jupiter.api.Timeout;

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
  private static volatile boolean answeringAndClosing;
  private static ServerSocket answerAndClose;
  private static final String REFUSED =
      "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
          + "\"detail\":\"The request body is larger than 1048576 bytes\"}";
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
                  } else if (path.equals("/subscriptions") && oversized(request)) {
                    // As the services refuse it: on the head, then the rest is read and dropped
                    // before the connection closes.
                    request
                        .response()
                        .setStatusCode(413)
                        .putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close")
                        .end(REFUSED);
                    request.handler(chunk -> {});
                    request.endHandler(end -> request.connection().close());
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
    answerAndClose = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(GatewayTest::answerAndClose);
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
            if (service == Service.RULE_ENGINE && answeringAndClosing) {
              return Optional.of(
                  SocketAddress.inetSocketAddress(answerAndClose.getLocalPort(), "127.0.0.1"));
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
    answeringAndClosing = false;
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
    answerAndClose.close();
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

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // gigabytes through two hops on a busy machine
  void relaysAServicesEarly413ToAClientThatWritesTheWholeBodyFirst() throws Exception {
    PlainHttpClient client = plainClient();
    // 20 of 64 MiB in front of the real service: GatewayBodyLimitIT.
    int[][] rounds = {{4_600_000, 20}, {64 * 1024 * 1024, 5}};
    for (int[] round : rounds) {
      int size = round[0];
      byte[] body = filler(size);
      for (int i = 0; i < round[1]; i++) {
        PlainHttpClient.Answer answer = client.post("/subscriptions", "application/json", body);
        String what = size + " bytes, attempt " + (i + 1) + ": " + answer;
        assertEquals(413, answer.status(), what);
        assertEquals("application/problem+json", answer.header("Content-Type"), what);
        assertEquals(REFUSED, answer.body(), what);
        // The service's Connection: close speaks of its own connection, not the client's.
        assertNull(answer.header("Connection"), what);
      }
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void relaysTheAnswerOfAServiceThatAnsweredAndClosedBeforeTheBodyEnded() throws Exception {
    answeringAndClosing = true;
    PlainHttpClient client = plainClient();
    byte[] body = filler(64 * 1024 * 1024);
    for (int i = 0; i < 10; i++) {
      PlainHttpClient.Answer answer = client.post("/api/rules", "application/json", body);
      String what = "attempt " + (i + 1) + ": " + answer;
      assertEquals(413, answer.status(), what);
      assertEquals(REFUSED, answer.body(), what);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void cutsOffAClientThatSendsMoreThanTheGatewayDropsOnceTheServiceWentAway() {
    answeringAndClosing = true;
    byte[] body = filler((int) ClientBody.DROP_LIMIT + 32 * 1024 * 1024);
    assertThrows(
        IOException.class, () -> plainClient().post("/api/rules", "application/json", body));
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void answersItsOwnProblemsToAClientThatWritesTheWholeBodyFirst() throws Exception {
    PlainHttpClient client = plainClient();
    byte[] body = filler(64 * 1024 * 1024);
    unreachable = true;
    running.remove(Service.CHAIN_CONFIG);
    for (int i = 0; i < 5; i++) {
      PlainHttpClient.Answer answer = client.post("/api/rules", "application/json", body);
      assertEquals(502, answer.status(), answer.toString());
      assertTrue(answer.body().contains("rule-engine-service did not answer"), answer.body());
      assertEquals(503, client.post("/api/chains", "application/json", body).status());
      assertEquals(404, client.post("/no/such/thing", "application/json", body).status());
    }
  }

  private PlainHttpClient plainClient() {
    return new PlainHttpClient("127.0.0.1", Integer.parseInt(base.replaceAll(".*:", "")), 30_000);
  }

  private static boolean oversized(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return length != null && Long.parseLong(length) > 1024 * 1024;
  }

  private static byte[] filler(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    return body;
  }

  /**
   * A service that answers 413 on the head, closes its side of the connection at once and only then
   * reads (and drops) what the gateway still sends.
   */
  private static void answerAndClose() {
    while (!answerAndClose.isClosed()) {
      Socket socket;
      try {
        socket = answerAndClose.accept();
      } catch (IOException closed) {
        return;
      }
      daemon(
          () -> {
            try (socket) {
              InputStream in = socket.getInputStream();
              for (int matched = 0; matched < 4; ) {
                int c = in.read();
                if (c < 0) {
                  return;
                }
                matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
              }
              byte[] body = REFUSED.getBytes(StandardCharsets.UTF_8);
              OutputStream out = socket.getOutputStream();
              out.write(
                  ("HTTP/1.1 413 Content Too Large\r\nContent-Type: application/problem+json\r\n"
                          + "Connection: close\r\nContent-Length: "
                          + body.length
                          + "\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
              out.write(body);
              out.flush();
              socket.shutdownOutput();
              in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
              // the gateway went away: nothing more to do
            }
          });
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    thread.start();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
