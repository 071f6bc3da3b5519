package dev.eventstreamer.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.infra.ServiceJvm;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.Http;
import dev.eventstreamer.stream.testing.StreamClient;
import dev.eventstreamer.stream.testing.StreamServiceJar;
import dev.eventstreamer.stream.testing.SubscriptionApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API keys on, as an operator turns them on for both services: subscription-service owns the keys
 * and subscribers; the packaged stream-service asks a key on every subscription route and the
 * heartbeat, takes it as {@code ?api_key=} on the stream's GET (the published client sends no
 * headers there), hides other subscribers' subscriptions as if they did not exist, and stops taking
 * a revoked key. Own topics, so the suite's other subscriptions stay apart.
 */
class StreamAuthIT {

  static final String ADMIN = "esk_admin_stream_auth_it";
  static final String SUBSCRIPTION_TOPIC = "stream-auth-it-subscription-events";
  static final String PROGRESS_TOPIC = "stream-auth-it-progress-events";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PostgresServer postgres;
  static List<String> databases = new ArrayList<>();
  static ServiceApp subscriptions;
  static ServiceApp stream;

  @BeforeAll
  static void start() {
    postgres = PostgresServer.shared();
    String kafka = KafkaServer.shared().bootstrapServers();
    String gateway = ChainConfigGateway.url();
    List<String> jvm =
        Stream.concat(Stream.of("-Xmx256m"), ServiceJvm.gcOptions().stream()).toList();

    Map<String, String> s =
        new HashMap<>(postgres.datasourceEnv(database("stream_auth_subscriptions")));
    s.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
    s.put("SUBSCRIPTION_CHAIN_CONFIG_URL", gateway);
    s.put("SUBSCRIPTION_AUTH_ENABLED", "true");
    s.put("SUBSCRIPTION_AUTH_ADMIN_KEY", ADMIN);
    // System properties: an environment variable cannot name a channel with a dash in it.
    subscriptions =
        ServiceApp.start(
            ServiceApp.jarOf("subscription-service"),
            with(
                jvm,
                "-Dmp.messaging.outgoing.subscription-events.topic=" + SUBSCRIPTION_TOPIC,
                "-Dmp.messaging.incoming.progress-events.topic=" + PROGRESS_TOPIC,
                "-Dmp.messaging.incoming.progress-events.group.id=stream-auth-it"),
            s,
            Path.of("target", "subscription-service-stream-auth.log"));

    stream =
        StreamServiceJar.start(
            database("stream_auth"),
            "stream-auth",
            Map.of(
                "STREAM_REBUILD_AT_START", "true",
                "STREAM_SUBSCRIPTION_SERVICE_URL", subscriptions.url(),
                // The listing at start (every subscriber's) needs the admin key.
                "STREAM_SUBSCRIPTION_SERVICE_API_KEY", ADMIN,
                "STREAM_AUTH_ENABLED", "true",
                "STREAM_AUTH_CACHE_TTL", "1s"),
            "-Dmp.messaging.incoming.subscription-events.topic=" + SUBSCRIPTION_TOPIC,
            "-Dmp.messaging.incoming.subscription-events.group.id=stream-auth-it",
            "-Dmp.messaging.outgoing.progress-events.topic=" + PROGRESS_TOPIC);
  }

  @AfterAll
  static void stop() {
    if (stream != null) {
      stream.close();
    }
    if (subscriptions != null) {
      subscriptions.close();
    }
    databases.forEach(postgres::dropDatabase);
  }

  @Test
  void everyStreamRouteAsksForAKeyAndAKeySeesOnlyItsSubscribersSubscriptions() throws Exception {
    JsonNode aliceKey = newKey("alice");
    String alice = aliceKey.path("key").asText();
    String bob = newKey("bob").path("key").asText();

    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    token.emitTransfers(chain.accounts().get(5), 3);
    ObjectNode body =
        SubscriptionApi.requestBody(ChainConfigGateway.CHAIN, token.address(), start, null);
    body.put("subscriber_id", "alice");
    HttpResponse<String> created =
        Http.send("POST", subscriptions.url() + "/subscriptions", body.toString(), alice);
    assertEquals(201, created.statusCode(), created.body());
    long id = JSON.readTree(created.body()).path("id").asLong();
    // Everything below acts the moment the create returned, as a client does.
    String streamPath = stream.url() + "/subscriptions/" + id + "/stream";

    // No key, a bogus key: 401 problems, on the stream's GET too.
    assertProblem(Http.send("GET", streamPath, null, null), 401, "API key is required");
    assertProblem(
        Http.send("GET", streamPath + "?api_key=esk_nobody", null, null),
        401,
        "not valid or has been");
    assertProblem(
        Http.send("GET", stream.url() + "/subscriptions/" + id + "/processing-status", null, null),
        401,
        "API key is required");
    // Health stays open.
    assertEquals(200, Http.send("GET", stream.url() + "/q/health/ready", null, null).statusCode());

    // Bob's key: as if the subscription did not exist.
    try (StreamClient bobs = StreamClient.open(streamPath + "?api_key=" + bob, null)) {
      assertEquals(200, bobs.response().statusCode());
      JsonNode error = bobs.nextOf("error", WAIT).json();
      assertEquals("SUBSCRIPTION_NOT_FOUND", error.path("error_code").asText());
    }
    assertProblem(
        Http.send("GET", stream.url() + "/subscriptions/" + id + "/processing-status", null, bob),
        404,
        "Subscription " + id + " not found");

    // Alice's key as a query parameter, as the published client can send it.
    try (StreamClient alices = StreamClient.open(streamPath + "?api_key=" + alice, null)) {
      List<StreamClient.Received> batches = alices.batchesUntil(3, WAIT);
      String connection = alices.connectionId();
      String ack =
          "{\"batch_ids\":[\""
              + batches.get(batches.size() - 1).json().path("batch_id").asText()
              + "\"],\"connection_id\":\""
              + connection
              + "\"}";
      String ackUrl = streamPath + "/" + connection + "/ack/batch/bulk";
      assertProblem(Http.send("POST", ackUrl, ack, null), 401, "API key is required");
      assertProblem(Http.send("POST", ackUrl, ack, bob), 404, "not found");
      HttpResponse<String> acked = Http.send("POST", ackUrl, ack, alice);
      assertEquals(200, acked.statusCode(), acked.body());

      String heartbeat = stream.url() + "/stream/" + connection + "/heartbeat";
      String beat = "{\"timestamp\":\"2026-12-07T00:00:00Z\",\"sequence_number\":1}";
      assertProblem(Http.send("POST", heartbeat, beat, null), 401, "API key is required");
      assertProblem(Http.send("POST", heartbeat, beat, bob), 404, "Connection not found");
      assertEquals(200, Http.send("POST", heartbeat, beat, alice).statusCode());
    }

    // Revoked: within the cache's second, the key opens nothing any more.
    HttpResponse<String> revoked =
        Http.send(
            "DELETE",
            subscriptions.url() + "/api/keys/" + aliceKey.path("id").asLong(),
            null,
            ADMIN);
    assertEquals(204, revoked.statusCode(), revoked.body());
    // Until the cache forgets the key, its stream still opens; any other answer is wrong.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              int status = streamStatus(streamPath + "?api_key=" + alice);
              assertTrue(status == 200 || status == 401, "a revoked key's stream: " + status);
              return status == 401;
            });
  }

  /** The status a stream's GET answers with, read as soon as it comes (a stream never ends). */
  private static int streamStatus(String url) throws Exception {
    HttpResponse<java.io.InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  private static JsonNode newKey(String subscriber) throws Exception {
    HttpResponse<String> r =
        Http.send(
            "POST",
            subscriptions.url() + "/api/keys",
            "{\"subscriber_id\":\"" + subscriber + "\",\"name\":\"stream-auth-it\"}",
            ADMIN);
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detailPart)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(
        "application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
    String detail = JSON.readTree(r.body()).path("detail").asText();
    assertTrue(detail.contains(detailPart), "\"" + detail + "\" says " + detailPart);
  }

  private static List<String> with(List<String> options, String... more) {
    return Stream.concat(options.stream(), Stream.of(more)).toList();
  }

  private static String database(String name) {
    String database = postgres.createFreshDatabase(name);
    databases.add(database);
    return database;
  }
}
