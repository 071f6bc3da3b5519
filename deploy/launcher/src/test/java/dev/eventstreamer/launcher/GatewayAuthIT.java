package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.ServiceJvm;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import dev.eventstreamer.infra.testing.TextMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./suite up --api-keys} as the launcher wires it ({@link Settings} with {@link
 * Settings.Keys}), behind the launcher's {@link Gateway}: the packaged chain-config-service,
 * subscription-service and stream-service, each on a free port with a fresh database, the JVM's
 * Kafka broker and dev chain. Through the gateway, chain writes and breaker resets take only the
 * admin key (a subscriber's key from subscription-service cannot change chains), {@code /rpc} (HTTP
 * and WebSocket) takes a key, reads stay open, and stream-service still ingests and streams a
 * subscription: its own calls to the gateway carry the service key.
 */
class GatewayAuthIT {

  static final Settings.Keys KEYS = Settings.Keys.withAdmin(null);
  static final Duration WAIT = Duration.ofSeconds(90);
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String CHAIN_ID_CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";

  static final Map<Service, ServiceApp> apps = new ConcurrentHashMap<>();
  static final List<String> databases = new ArrayList<>();
  static PostgresServer postgres;
  static DevChain chain;
  static Vertx vertx;
  static Gateway gateway;
  static String base;

  @BeforeAll
  @Timeout(value = 6, unit = TimeUnit.MINUTES) // three service JVMs start on a shared machine
  static void start() throws Exception {
    postgres = PostgresServer.shared();
    chain = DevChain.shared();
    Map<String, String> fresh = new LinkedHashMap<>();
    for (Service service : List.of(Service.CHAIN_CONFIG, Service.SUBSCRIPTION, Service.STREAM)) {
      String database = postgres.createFreshDatabase("gateway_auth_" + service.database());
      databases.add(database);
      fresh.put(service.database(), database);
    }
    Settings settings =
        Settings.kafka(
                new Settings.Database(
                    postgres.username(),
                    postgres.password(),
                    name -> postgres.reactiveUrl(fresh.get(name)),
                    name -> postgres.jdbcUrl(fresh.get(name))),
                KafkaServer.shared().bootstrapServers(),
                chain.rpcUrl())
            .withKeys(KEYS);

    vertx = Vertx.vertx();
    gateway =
        new Gateway(
            vertx,
            RouteTable.standard(),
            new Gateway.Backends() {
              @Override
              public List<Service> managed() {
                return List.copyOf(apps.keySet());
              }

              @Override
              public Optional<SocketAddress> address(Service service) {
                return Optional.ofNullable(apps.get(service))
                    .filter(ServiceApp::alive)
                    .map(app -> SocketAddress.inetSocketAddress(app.port(), "127.0.0.1"));
              }
            });
    base = "http://127.0.0.1:" + gateway.start("127.0.0.1", 0);

    // The services find each other as the launcher's do, only on free ports.
    int chainConfigPort = Ports.freePort();
    int subscriptionPort = Ports.freePort();
    String chainConfigUrl = "http://127.0.0.1:" + chainConfigPort;
    String subscriptionUrl = "http://127.0.0.1:" + subscriptionPort;
    // One after another: three JVMs starting at once on a busy machine can each take longer than
    // the readiness wait.
    apps.put(
        Service.CHAIN_CONFIG, start(Service.CHAIN_CONFIG, settings, chainConfigPort, Map.of()));
    apps.put(
        Service.SUBSCRIPTION,
        start(
            Service.SUBSCRIPTION,
            settings,
            subscriptionPort,
            Map.of("SUBSCRIPTION_CHAIN_CONFIG_URL", chainConfigUrl)));

    // The demo's registration, as the launcher makes it, needs the admin key now; then the chain's
    // socket, so stream-service takes its new heads over the gateway's WebSocket.
    StringWriter out = new StringWriter();
    ChainRegistration.Outcome unkeyed =
        new ChainRegistration(URI.create(base + "/api/chains"), null, console(out))
            .register(chain.chainId(), chain.rpcUrl());
    assertEquals(ChainRegistration.Outcome.FAILED, unkeyed, out.toString());
    assertTrue(out.toString().contains("answered 401"), out.toString());
    assertEquals(
        ChainRegistration.Outcome.REGISTERED,
        new ChainRegistration(URI.create(base + "/api/chains"), KEYS.admin(), console(out))
            .register(chain.chainId(), chain.rpcUrl()),
        out.toString());
    HttpResponse<String> socket =
        send(
            "PUT",
            "/api/chains/" + chain.chainId(),
            "{\"live_websocket_url\":\"" + chain.rpcUrl().replaceFirst("^http", "ws") + "\"}",
            KEYS.admin());
    assertEquals(200, socket.statusCode(), socket.body());

    apps.put(
        Service.STREAM,
        start(
            Service.STREAM,
            settings,
            Ports.freePort(),
            Map.of(
                "STREAM_CHAIN_CONFIG_URL", chainConfigUrl,
                "STREAM_SUBSCRIPTION_SERVICE_URL", subscriptionUrl)));
  }

  @AfterAll
  static void stop() throws Exception {
    apps.values().forEach(ServiceApp::close);
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    databases.forEach(postgres::dropDatabase);
  }

  @Test
  void chainWritesAndBreakerResetsTakeOnlyTheAdminKey() throws Exception {
    String subscriber = subscriberKey("carol");
    long id = 7_000_001;
    String breaker =
        new JsonObject(send("GET", "/api/circuit-breakers/status", null, null).body())
            .getJsonObject("circuit_breakers").fieldNames().stream()
                .filter(name -> name.startsWith("rpc:" + chain.chainId() + ":"))
                .findFirst()
                .orElseThrow();
    List<String[]> writes =
        List.of(
            new String[] {
              "POST",
              "/api/chains",
              "{\"chain_id\":"
                  + id
                  + ",\"name\":\"Keyed\",\"rpc_urls\":[\""
                  + chain.rpcUrl()
                  + "\"]}"
            },
            new String[] {"PUT", "/api/chains/" + id, "{\"name\":\"Renamed\"}"},
            new String[] {"POST", "/api/chains/refresh", null},
            new String[] {"POST", "/api/circuit-breakers/reset", null},
            new String[] {"POST", "/api/circuit-breakers/" + breaker + "/reset", null},
            new String[] {"DELETE", "/api/chains/" + id, null});
    for (String[] write : writes) {
      String what = write[0] + " " + write[1];
      assertProblem(send(write[0], write[1], write[2], null), 401, "admin key is required", what);
      assertProblem(
          send(write[0], write[1], write[2], subscriber), 401, "a subscriber's key cannot", what);
      assertProblem(
          send(write[0], write[1], write[2], KEYS.service()),
          403,
          "the admin key is required",
          what);
      HttpResponse<String> done = send(write[0], write[1], write[2], KEYS.admin());
      assertEquals(write[1].equals("/api/chains") ? 201 : 200, done.statusCode(), what);
    }
    JsonObject renamed = new JsonObject(send("GET", "/api/chains/" + id, null, null).body());
    assertEquals("Renamed", renamed.getString("name"));
    assertEquals("inactive", renamed.getString("status"));

    // Reads stay open, as the published client makes them: no key.
    for (String path :
        List.of(
            "/api/chains",
            "/api/chains/stats",
            "/api/chains/" + chain.chainId(),
            "/api/circuit-breakers/status",
            "/api/circuit-breakers/health",
            "/api/circuit-breakers/config")) {
      assertEquals(200, send("GET", path, null, null).statusCode(), path);
    }
  }

  @Test
  void theRpcGatewayTakesAServiceKeyButNotASubscribersKey() throws Exception {
    String subscriber = subscriberKey("dave");
    String rpc = "/rpc/" + chain.chainId();
    assertProblem(send("POST", rpc, CHAIN_ID_CALL, null), 401, "API key is required", rpc);
    assertProblem(
        send("POST", rpc, CHAIN_ID_CALL, subscriber), 401, "not valid for the RPC gateway", rpc);
    for (String key : List.of(KEYS.service(), KEYS.admin())) {
      HttpResponse<String> answer = send("POST", rpc, CHAIN_ID_CALL, key);
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals(
          "0x" + Long.toHexString(chain.chainId()),
          new JsonObject(answer.body()).getString("result"));
    }

    // The WebSocket relay, through the gateway's upgrade.
    URI socket = URI.create(base.replaceFirst("^http", "ws") + rpc + "/ws");
    for (String refused : new String[] {null, subscriber}) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> open(socket, refused, new LinkedBlockingQueue<>()).get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
      assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket open = open(socket, KEYS.service(), received).get(10, TimeUnit.SECONDS);
    try {
      open.sendText(
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
          true);
      String text = received.poll(15, TimeUnit.SECONDS);
      assertTrue(text != null, "the node answered over the gateway's relay");
      assertEquals(7, new JsonObject(text).getInteger("id"), text);
      assertTrue(new JsonObject(text).getString("result").startsWith("0x"), text);
    } finally {
      open.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void streamServiceReadsTheChainThroughTheGatewayWithItsServiceKey() throws Exception {
    String alice = subscriberKey("alice");
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    JsonObject body =
        TransferSubscription.request(token.address(), chain.chainId(), start, "alice");
    HttpResponse<String> created = send("POST", "/subscriptions", body.encode(), alice);
    assertEquals(201, created.statusCode(), created.body());
    long id = new JsonObject(created.body()).getLong("id");
    token.emitTransfers(chain.accounts().get(3), 3);
    // Streamed the moment the create returned, as a client does: stream-service asks
    // subscription-service (with the admin key) for a subscription it has not heard of yet.
    // Every Transfer, read from the chain by stream-service through the keyed gateway.
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          HttpResponse<Stream<String>> stream =
              HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create(base + "/subscriptions/" + id + "/stream?api_key=" + alice))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofLines());
          assertEquals(200, stream.statusCode());
          int transfers = 0;
          Iterator<String> lines = stream.body().iterator();
          while (transfers < 3 && lines.hasNext()) {
            JsonObject message = new JsonObject(lines.next());
            assertFalse("error".equals(message.getString("type")), message.encode());
            if ("event_batch".equals(message.getString("type"))) {
              transfers += message.getJsonObject("events").getJsonArray("Transfer").size();
            }
          }
          assertEquals(3, transfers);
          stream.body().close();
        });
    // And its new heads come over the gateway's WebSocket, which takes the service key too.
    Path log = apps.get(Service.STREAM).log();
    String pushed = "Chain " + chain.chainId() + ": new heads come over its WebSocket";
    awaitTrue(() -> read(log).contains(pushed), "stream-service's log says: " + pushed);
  }

  // ---- helpers ----

  private static ServiceApp start(
      Service service, Settings settings, int port, Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>(settings.environment(service));
    env.putAll(extra);
    List<String> jvm =
        Stream.concat(Stream.of("-Xmx256m"), ServiceJvm.gcOptions().stream()).toList();
    Path log = Path.of("target", "gateway-auth-" + service.moduleName() + ".log");
    try {
      // Logs are appended to: an earlier run's lines must not answer for this one.
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ServiceApp.start(ServiceApp.jarOf(service.moduleName()), jvm, env, log, port);
  }

  /** A new key for {@code subscriber}, made through the gateway by subscription-service. */
  private static String subscriberKey(String subscriber) throws Exception {
    HttpResponse<String> made =
        send(
            "POST",
            "/api/keys",
            "{\"subscriber_id\":\"" + subscriber + "\",\"name\":\"gateway-auth-it\"}",
            KEYS.admin());
    assertEquals(201, made.statusCode(), made.body());
    return new JsonObject(made.body()).getString("key");
  }

  private static HttpResponse<String> send(String method, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(
      HttpResponse<String> response, int status, String detailPart, String what) {
    assertEquals(status, response.statusCode(), what + ": " + response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElse(""), what);
    JsonObject problem = new JsonObject(response.body());
    assertEquals(status, problem.getInteger("status"), what);
    assertTrue(
        problem.getString("detail").contains(detailPart),
        what + ": \"" + problem.getString("detail") + "\" says " + detailPart);
    if (status == 401) {
      assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""), what);
    }
  }

  private static CompletableFuture<WebSocket> open(
      URI uri, String key, BlockingQueue<String> received) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    if (key != null) {
      builder.header("X-API-Key", key);
    }
    return builder.buildAsync(uri, new TextMessages(received));
  }

  private static Console console(StringWriter out) {
    PrintWriter writer = new PrintWriter(out, true);
    return new Console(writer, writer);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return "";
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + WAIT + ": " + what);
      }
      Thread.sleep(250);
    }
  }
}
