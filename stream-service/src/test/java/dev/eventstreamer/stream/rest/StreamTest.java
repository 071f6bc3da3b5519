package dev.eventstreamer.stream.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.StreamClient;
import dev.eventstreamer.stream.testing.StreamClient.Received;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription's stream as a raw HTTP client sees it: batches of the log in order with every
 * field of API.md, acks moving the committed cursor, redelivery of exactly what was not acked,
 * resume tokens, the three framings, live appends, take-over and the errors.
 */
@QuarkusTest
class StreamTest {

  static {
    StreamTestResources.class.getName();
  }

  static final Duration WAIT = Duration.ofSeconds(30);
  static final int EVENTS = 500;

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  DevChain chain = DevChain.shared();
  TestToken token;
  long subscription;
  List<EventLog.Event> logged;

  @BeforeEach
  void subscriptionWith500Transfers() {
    token = chain.deployToken();
    long start = chain.blockNumber();
    token.emitTransfers(chain.accounts().get(3), 250);
    token.emitTransfers(chain.accounts().get(3), 250);
    subscription = Subscriptions.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(WAIT).until(() -> log.count(subscription) == EVENTS);
    logged = log.events(subscription);
  }

  String url(String query) {
    return base.toString() + "subscriptions/" + subscription + "/stream" + query;
  }

  @Test
  void streamsTheLogInOrderAcksMoveTheCursorAndOnlyUnackedEventsComeAgain() {
    List<Received> batches;
    String connectionId;
    try (StreamClient stream = StreamClient.open(url(""), null)) {
      assertEquals(200, stream.response().statusCode());
      assertEquals(
          "application/x-ndjson",
          stream.response().headers().firstValue("Content-Type").orElse(""));
      connectionId = stream.connectionId();
      assertNotNull(connectionId, "X-Connection-Id comes with the 200");
      batches = stream.batchesUntil(EVENTS, WAIT);
    }
    List<JsonNode> events = new ArrayList<>();
    for (Received b : batches) {
      JsonNode j = b.json();
      assertEquals("event_batch", j.path("type").asText());
      for (String field :
          List.of("response_id", "connection_id", "resume_token", "batch_id", "timestamp")) {
        assertTrue(j.path(field).isTextual(), field + " is a string: " + j.path(field));
      }
      assertEquals(connectionId, j.path("connection_id").asText());
      assertEquals(subscription, j.path("subscription_id").asLong());
      assertTrue(j.path("resume_token").asText().startsWith("rt_"));
      assertEquals(1, j.path("events").size(), "one event name per batch");
      JsonNode transfers = j.path("events").path("Transfer");
      assertEquals(transfers.size(), j.path("batch_size").asInt());
      transfers.forEach(events::add);
      assertTrue(b.wireLength() <= 65_536, "a batch line stays within 64 KiB: " + b.wireLength());
    }
    assertEquals(EVENTS, events.size());
    for (int i = 0; i < EVENTS; i++) {
      assertEquals(
          logged.get(i).payload(), events.get(i), "event " + i + " is the log's, in order");
    }
    assertTrue(batches.size() > 3, "500 events of ~600 bytes take several 64 KiB batches");

    // Ack the first batch alone, then the third (a gap), then the second in bulk with a foreign id.
    String first = batches.get(0).json().path("batch_id").asText();
    int firstSize = batches.get(0).json().path("batch_size").asInt();
    given()
        .contentType(ContentType.JSON)
        .body("{\"batch_id\":\"" + first + "\"}")
        .post(ackPath(connectionId) + "/batch")
        .then()
        .statusCode(200)
        .body("acknowledged", is(true))
        .body("events_acknowledged", is(firstSize))
        .body("batch_id", is(first))
        .body("resume_token", org.hamcrest.Matchers.startsWith("rt_"));
    String second = batches.get(1).json().path("batch_id").asText();
    String third = batches.get(2).json().path("batch_id").asText();
    int secondSize = batches.get(1).json().path("batch_size").asInt();
    int thirdSize = batches.get(2).json().path("batch_size").asInt();
    given()
        .contentType(ContentType.JSON)
        .body("{\"batch_ids\":[\"" + third + "\"],\"connection_id\":\"" + connectionId + "\"}")
        .post(ackPath(connectionId) + "/batch/bulk")
        .then()
        .statusCode(200)
        .body("total_events_acknowledged", is(thirdSize));
    String cursorToken =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"batch_ids\":[\""
                    + second
                    + "\",\""
                    + first
                    + "\",\"bogus\"],"
                    + "\"connection_id\":\""
                    + connectionId
                    + "\"}")
            .post(ackPath(connectionId) + "/batch/bulk")
            .then()
            .statusCode(200)
            .body("total_batches", is(3))
            .body("acknowledged_batches", is(2))
            .body("failed_batches", is(1))
            .body("failed_batch_ids[0]", is("bogus"))
            // The first batch again counts nothing: acks are idempotent.
            .body("total_events_acknowledged", is(secondSize))
            .extract()
            .path("resume_token");
    int acked = firstSize + secondSize + thirdSize;

    // A new connection without a token starts after the committed cursor: only unacked events.
    try (StreamClient again = StreamClient.open(url(""), null)) {
      List<Received> rest = again.batchesUntil(EVENTS - acked, WAIT);
      JsonNode firstAgain = rest.get(0).json().path("events").path("Transfer").get(0);
      assertEquals(logged.get(acked).payload(), firstAgain, "the first unacked event comes first");
    }
    // With the cursor's token: the same.
    try (StreamClient resumed = StreamClient.open(url("?resume_token=" + cursorToken), null)) {
      JsonNode firstResumed =
          resumed.nextOf("event_batch", WAIT).json().path("events").path("Transfer").get(0);
      assertEquals(logged.get(acked).payload(), firstResumed);
    }
    // With the first batch's token: right after it, whatever the cursor says.
    String afterFirst = batches.get(0).json().path("resume_token").asText();
    try (StreamClient resumed = StreamClient.open(url("?resume_token=" + afterFirst), null)) {
      JsonNode firstResumed =
          resumed.nextOf("event_batch", WAIT).json().path("events").path("Transfer").get(0);
      assertEquals(logged.get(firstSize).payload(), firstResumed);
    }
  }

  @Test
  void aStreamResumedWithATokenCountsTheEventsUpToItAsAcknowledged() {
    // The client read some batches; its acks never reached the server (its connection broke,
    // and the published client forgets the acks it had queued).
    String lastToken;
    int read = 0;
    try (StreamClient stream = StreamClient.open(url(""), null)) {
      List<Received> batches = stream.batchesUntil(EVENTS / 2, WAIT);
      for (Received b : batches) {
        read += b.json().path("batch_size").asInt();
      }
      lastToken = batches.get(batches.size() - 1).json().path("resume_token").asText();
    }
    assertEquals(0, ackedSeq(), "nothing acknowledged yet");

    // It resumes with its last token: it has everything up to there.
    try (StreamClient resumed = StreamClient.open(url("?resume_token=" + lastToken), null)) {
      JsonNode next =
          resumed.nextOf("event_batch", WAIT).json().path("events").path("Transfer").get(0);
      assertEquals(logged.get(read).payload(), next, "right after the token");
    }
    assertEquals(read, ackedSeq(), "the committed cursor moved to the token's position");

    // A stream without a token starts there too: nothing the client said it has comes again.
    try (StreamClient again = StreamClient.open(url(""), null)) {
      JsonNode first =
          again.nextOf("event_batch", WAIT).json().path("events").path("Transfer").get(0);
      assertEquals(logged.get(read).payload(), first);
    }
  }

  private long ackedSeq() {
    return pool.preparedQuery("select acked_seq from subscription where id = $1")
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(subscription))
        .await()
        .atMost(WAIT)
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void theOpenApiDocumentDescribesTheStreamBesideTheResources() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.'/subscriptions/{id}/stream'.get.parameters.name",
            org.hamcrest.Matchers.hasItems("id", "resume_token", "api_key"))
        .body(
            "paths.'/subscriptions/{id}/stream'.get.responses.'200'.content",
            org.hamcrest.Matchers.hasKey("application/x-ndjson"))
        .body(
            "paths",
            org.hamcrest.Matchers.hasKey(
                "/subscriptions/{id}/stream/{connection_id}/ack/batch/bulk"));
  }

  @Test
  void newEventsArriveOnAnOpenStream() {
    try (StreamClient stream = StreamClient.open(url(""), null)) {
      stream.batchesUntil(EVENTS, WAIT);
      token.emitTransfers(chain.accounts().get(3), 3);
      List<Received> live = stream.batchesUntil(3, WAIT);
      JsonNode transfer = live.get(0).json().path("events").path("Transfer").get(0);
      EventLog log = new EventLog(pool);
      assertEquals(log.events(subscription).get(EVENTS).payload(), transfer);
    }
  }

  @Test
  void serverSentEventsAndEventStreamFramesCarryTheSameMessages() {
    try (StreamClient sse = StreamClient.open(url(""), "text/event-stream")) {
      assertEquals(
          "text/event-stream", sse.response().headers().firstValue("Content-Type").orElse(""));
      Received batch = sse.nextOf("event_batch", WAIT);
      assertEquals("event_batch", batch.frameType());
      assertEquals(batch.json().path("batch_id").asText(), batch.frameId());
      assertEquals(logged.get(0).payload(), batch.json().path("events").path("Transfer").get(0));
    }
    try (StreamClient frames = StreamClient.open(url(""), "application/vnd.amazon.eventstream")) {
      Received batch = frames.nextOf("event_batch", WAIT);
      assertEquals("event_batch|event|application/json", batch.frameType());
      assertEquals(logged.get(0).payload(), batch.json().path("events").path("Transfer").get(0));
    }
  }

  @Test
  void aSecondConnectionTakesOverTheFirst() {
    try (StreamClient first = StreamClient.open(url(""), null)) {
      first.batchesUntil(EVENTS, WAIT);
      try (StreamClient second = StreamClient.open(url(""), null)) {
        Received error = first.nextOf("error", WAIT);
        assertEquals("CONNECTION_TAKEN_OVER", error.json().path("error_code").asText());
        assertEquals(false, error.json().path("recoverable").asBoolean());
        assertTrue(first.ended(WAIT), "the first stream ends");
        second.batchesUntil(EVENTS, WAIT);
        // The first connection's late acks are still taken (grace), its heartbeats are not.
        given()
            .contentType(ContentType.JSON)
            .body("{\"batch_ids\":[]}")
            .post(ackPath(first.connectionId()) + "/batch/bulk")
            .then()
            .statusCode(200);
        given()
            .contentType(ContentType.JSON)
            .body("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"sequence_number\":1}")
            .post("/stream/" + first.connectionId() + "/heartbeat")
            .then()
            .statusCode(404)
            .body(containsString("Connection not found"));
        given()
            .contentType(ContentType.JSON)
            .body("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"sequence_number\":1}")
            .post("/stream/" + second.connectionId() + "/heartbeat")
            .then()
            .statusCode(200)
            .body("acknowledged", is(true))
            .body("connection_id", is(second.connectionId()));
        given()
            .get("/subscriptions/" + subscription + "/processing-status")
            .then()
            .statusCode(200)
            .body("subscription_id", is((int) subscription))
            .body("connection_count", is(1))
            .body("is_processing", is(true));
      }
    }
  }

  @Test
  void errorsAreStreamMessagesAndBadCallsAreProblems() {
    try (StreamClient stream = StreamClient.open(base + "subscriptions/987654321/stream", null)) {
      assertEquals(200, stream.response().statusCode());
      assertNotNull(stream.connectionId());
      Received error = stream.nextOf("error", WAIT);
      assertEquals("SUBSCRIPTION_NOT_FOUND", error.json().path("error_code").asText());
      assertTrue(stream.ended(WAIT));
    }
    for (String bad : List.of("rt_garbage", "nonsense", "rt_eyJ4IjoxfQ.AAAA")) {
      try (StreamClient stream = StreamClient.open(url("?resume_token=" + bad), null)) {
        Received error = stream.nextOf("error", WAIT);
        assertEquals("INVALID_RESUME_TOKEN", error.json().path("error_code").asText(), bad);
        assertEquals(false, error.json().path("recoverable").asBoolean());
      }
    }
    given().get("/subscriptions/abc/stream").then().statusCode(400);
    String unknown = UUID.randomUUID().toString();
    given()
        .contentType(ContentType.JSON)
        .body("{\"batch_id\":\"b1-rt_x\"}")
        .post(ackPath(unknown) + "/batch")
        .then()
        .statusCode(404)
        .body(containsString("Connection not found"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"timestamp\":\"x\",\"sequence_number\":1}")
        .post("/stream/not-a-uuid/heartbeat")
        .then()
        .statusCode(404)
        .body(containsString("Connection not found"));
    try (StreamClient stream = StreamClient.open(url(""), null)) {
      stream.nextOf("event_batch", WAIT);
      given()
          .contentType(ContentType.JSON)
          .body("{\"batch_ids\":\"not a list\"}")
          .post(ackPath(stream.connectionId()) + "/batch/bulk")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString("batch_ids"));
      given()
          .contentType(ContentType.JSON)
          .body("{}")
          .post(ackPath(stream.connectionId()) + "/batch")
          .then()
          .statusCode(400)
          .body("detail", containsString("batch_id"));
    }
    given().get("/subscriptions/987654321/processing-status").then().statusCode(404);
  }

  private String ackPath(String connectionId) {
    return "/subscriptions/" + subscription + "/stream/" + connectionId + "/ack";
  }
}
