package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.ServiceJvm;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import dev.eventstreamer.infra.testing.PlainHttpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway in front of the real, packaged subscription-service (free ports, not the suite's): a
 * create over the service's 1 MiB limit, written whole before the answer is read (as Python's
 * urllib and aiohttp send it), gets the service's 413 problem every time, through the gateway and
 * directly, never a 502 or a broken pipe.
 */
class GatewayBodyLimitIT {

  private static final String DETAIL = "The request body is larger than 1048576 bytes";

  private static PostgresServer postgres;
  private static String database;
  private static ServiceApp service;
  private static Vertx vertx;
  private static Gateway gateway;
  private static int gatewayPort;

  @BeforeAll
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // PostgreSQL, Kafka and the service on a busy box
  static void start() throws Exception {
    postgres = PostgresServer.shared();
    database = postgres.createFreshDatabase("gateway_body_limit");
    Map<String, String> env = new HashMap<>(postgres.datasourceEnv(database));
    env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaServer.shared().bootstrapServers());
    List<String> jvm =
        Stream.concat(Stream.of("-Xmx256m"), ServiceJvm.gcOptions().stream()).toList();
    service =
        ServiceApp.start(
            ServiceApp.jarOf("subscription-service"),
            jvm,
            env,
            Path.of("target", "gateway-body-limit-it", "subscription-service.log"));
    vertx = Vertx.vertx();
    Gateway.Backends backends =
        new Gateway.Backends() {
          @Override
          public List<Service> managed() {
            return List.of(Service.SUBSCRIPTION);
          }

          @Override
          public Optional<SocketAddress> address(Service s) {
            return s == Service.SUBSCRIPTION
                ? Optional.of(SocketAddress.inetSocketAddress(service.port(), "127.0.0.1"))
                : Optional.empty();
          }
        };
    gateway = new Gateway(vertx, RouteTable.standard(), backends);
    gatewayPort = gateway.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (service != null) {
      service.close();
    }
    if (database != null) {
      postgres.dropDatabase(database);
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // 60 bodies, 20 of them of 64 MiB
  void aCreateOverTheLimitGetsTheServicesProblemThroughTheGatewayEveryTime() throws Exception {
    // The service's Connection: close speaks of its own connection; the gateway keeps the client's.
    refusedEveryTime(new PlainHttpClient("127.0.0.1", gatewayPort, 60_000), null);
    // The gateway's connections to the service are fine afterwards.
    PlainHttpClient.Answer list =
        new PlainHttpClient("127.0.0.1", gatewayPort, 60_000).get("/subscriptions");
    assertEquals(200, list.status(), list.toString());
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // 60 bodies, 20 of them of 64 MiB
  void aCreateOverTheLimitGetsItsProblemDirectlyEveryTime() throws Exception {
    refusedEveryTime(new PlainHttpClient("127.0.0.1", service.port(), 60_000), "close");
  }

  @Test
  void aChunkedCreateOverTheLimitGetsTheServicesProblemThroughTheGateway() throws Exception {
    PlainHttpClient client = new PlainHttpClient("127.0.0.1", gatewayPort, 60_000);
    for (int i = 0; i < 5; i++) {
      assertRefused(
          client.postChunked("/subscriptions", "application/json", createWithAddresses(100_000)),
          "chunked, attempt " + (i + 1),
          null);
    }
  }

  private static void refusedEveryTime(PlainHttpClient client, String connection) throws Exception {
    byte[] padded =
        ("{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
    byte[] addresses = createWithAddresses(100_000);
    assertTrue(addresses.length > 4_500_000, "a create of " + addresses.length + " bytes");
    byte[] huge = new byte[64 * 1024 * 1024];
    Arrays.fill(huge, (byte) ' ');
    for (byte[] body : new byte[][] {padded, addresses, huge}) {
      for (int i = 0; i < 20; i++) {
        assertRefused(
            client.post("/subscriptions", "application/json", body),
            body.length + " bytes, attempt " + (i + 1),
            connection);
      }
    }
  }

  private static void assertRefused(PlainHttpClient.Answer answer, String what, String connection) {
    assertEquals(413, answer.status(), what + ": " + answer);
    assertEquals("application/problem+json", answer.header("Content-Type"), what);
    JsonObject problem = new JsonObject(answer.body());
    assertEquals(413, problem.getInteger("status"), what);
    assertEquals(DETAIL, problem.getString("detail"), what);
    assertEquals("/subscriptions", problem.getString("instance"), what);
    assertEquals(connection, answer.header("Connection"), what);
  }

  /** A Transfer subscription of {@code n} distinct addresses: 100,000 make about 4.6 MB. */
  private static byte[] createWithAddresses(int n) {
    StringBuilder json =
        new StringBuilder(
            "{\"topic0\":\"0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef\","
                + "\"event_signature\":{\"type\":\"event\",\"name\":\"Transfer\",\"inputs\":["
                + "{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
                + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
                + "{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]},"
                + "\"chain_id\":1,\"start_block\":0,\"subscriber_id\":\"many\",\"addresses\":[");
    for (int i = 0; i < n; i++) {
      json.append(i == 0 ? "\"" : ",\"").append(String.format("0x%040x", i)).append('"');
    }
    return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
