package dev.eventstreamer.stream.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.ProgressPath;
import dev.eventstreamer.stream.testing.StreamClient;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.SubscriptionApi;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The subscription projection: fed by the real subscription-service's events, applied once per
 * CloudEvent, never backwards, rebuilt from its listing; and what ingestion does with each change.
 */
@QuarkusTest
class SubscriptionProjectionTest {

  static {
    StreamTestResources.class.getName();
  }

  @Inject Pool pool;
  @Inject ProjectionRebuild rebuild;

  @TestHTTPResource("/")
  URL base;

  DevChain chain = DevChain.shared();
  ProgressPath progress;

  @BeforeEach
  void progressPath() {
    progress = new ProgressPath(pool);
  }

  @Test
  void aSubscriptionMadeThroughTheApiIsIngestedAndDeliveredAndItsProgressShowsThere() {
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    String to = chain.accounts().get(4);
    for (int i = 1; i <= 3; i++) {
      token.mint(to, BigInteger.valueOf(i));
    }
    long lastMint = chain.blockNumber();
    long id = SubscriptionApi.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> log.count(id) == 3);

    // stream-service's progress events reach subscription-service.
    progress.await(
        id,
        Duration.ofSeconds(30),
        "progress live at block " + lastMint,
        () -> {
          var s = SubscriptionApi.get(id);
          return s.path("last_processed_block").asLong(-1) >= lastMint
              && "live".equals(s.path("streaming_status").asText());
        });

    // Delivery's progress too: a client streams, acknowledges, and goes.
    String resumeToken;
    String lastEventId = log.events(id).get(2).eventId();
    try (StreamClient stream = StreamClient.open(base + "subscriptions/" + id + "/stream", null)) {
      List<String> batchIds = new ArrayList<>();
      stream
          .batchesUntil(3, Duration.ofSeconds(30))
          .forEach(b -> batchIds.add(b.json().path("batch_id").asText()));
      resumeToken =
          given()
              .contentType(ContentType.JSON)
              .body(
                  "{\"batch_ids\":[\""
                      + String.join("\",\"", batchIds)
                      + "\"],\"connection_id\":\""
                      + stream.connectionId()
                      + "\"}")
              .post("/subscriptions/" + id + "/stream/" + stream.connectionId() + "/ack/batch/bulk")
              .then()
              .statusCode(200)
              .extract()
              .path("resume_token");
      progress.await(
          id,
          Duration.ofSeconds(30),
          "delivery progress (3 delivered, streaming, the resume token)",
          () -> {
            var s = SubscriptionApi.get(id);
            return s.path("events_delivered").asLong() == 3
                && s.path("is_streaming").asBoolean()
                && resumeToken.equals(s.path("resume_token").asText())
                && lastEventId.equals(s.path("last_event_id").asText());
          });
    }
    progress.await(
        id,
        Duration.ofSeconds(30),
        "not streaming after the client went",
        () -> !SubscriptionApi.get(id).path("is_streaming").asBoolean(true));

    SubscriptionApi.delete(id);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "stopped".equals(log.status(id)));
    token.mint(to, BigInteger.TEN);
    sleep(1500);
    assertEquals(3, log.count(id), "nothing is ingested for a deleted subscription");
  }

  @Test
  void aSubscriptionCompletesAtItsEndBlock() {
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    String to = chain.accounts().get(4);
    token.mint(to, BigInteger.ONE);
    token.mint(to, BigInteger.TWO);
    long end = chain.blockNumber();
    token.mint(to, BigInteger.TEN);
    long id = SubscriptionApi.create(ChainConfigGateway.CHAIN, token.address(), start, end);
    EventLog log = new EventLog(pool);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "completed".equals(log.status(id)));
    assertEquals(2, log.count(id));
    assertEquals(end + 1, log.nextBlock(id));
    progress.await(
        id,
        Duration.ofSeconds(30),
        "progress completed",
        () -> "completed".equals(SubscriptionApi.get(id).path("streaming_status").asText()));
  }

  @Test
  void aRedeliveredEventAndAnOlderVersionChangeNothing() {
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    long id = Subscriptions.nextId();
    ObjectNode created =
        Subscriptions.transfer(id, ChainConfigGateway.CHAIN, token.address(), start, null);
    String eventId = UUID.randomUUID().toString();
    Subscriptions.publish(EventTypes.SUBSCRIPTION_CREATED, eventId, created);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.status(id) != null);

    // The same CloudEvent again, now claiming another end block: ignored.
    ObjectNode again = created.deepCopy();
    again.put("end_block", start + 1);
    Subscriptions.publish(EventTypes.SUBSCRIPTION_CREATED, eventId, again);
    // An update older than what is stored: ignored.
    ObjectNode older = created.deepCopy();
    older.put("end_block", start + 2);
    older.put("updated_at", Instant.now().minusSeconds(3600).toString());
    Subscriptions.publish(EventTypes.SUBSCRIPTION_UPDATED, older);
    // A marker after them (same key, same partition): once it is applied, so were they.
    ObjectNode marker = created.deepCopy();
    marker.put("subscriber_id", "marker");
    marker.put("updated_at", Instant.now().plusSeconds(1).toString());
    Subscriptions.publish(EventTypes.SUBSCRIPTION_UPDATED, marker);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "marker".equals(column(id, "subscriber_id")));
    assertEquals(null, column(id, "end_block"));
  }

  @Test
  void anEventThatCannotBeAppliedIsSkippedAndTheNextOneApplies() {
    long id = Subscriptions.nextId();
    ObjectNode broken = Subscriptions.transfer(id, ChainConfigGateway.CHAIN, null, 0, null);
    broken.put("start_block", "early");
    Subscriptions.publish(EventTypes.SUBSCRIPTION_CREATED, broken);
    long next = Subscriptions.nextId();
    Subscriptions.publish(
        EventTypes.SUBSCRIPTION_CREATED,
        Subscriptions.transfer(next, ChainConfigGateway.CHAIN, null, chain.blockNumber(), null));
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.status(next) != null);
    assertEquals(null, log.status(id));
    Subscriptions.publish(
        EventTypes.SUBSCRIPTION_DELETED,
        Subscriptions.transfer(next, ChainConfigGateway.CHAIN, null, 0, null));
  }

  @Test
  void theListingRebuildsWhatTheChannelMissedAndTellsDeletions() {
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    token.mint(chain.accounts().get(4), BigInteger.ONE);
    long id = SubscriptionApi.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> log.count(id) == 1);

    // As if stream-service had never heard of it (events past the broker's retention) ...
    sql("delete from event_log where subscription_id = $1", id);
    sql("delete from subscription where id = $1", id);
    // ... and as if it had missed the deletion of another one.
    long gone = Subscriptions.nextId();
    sql(
        "insert into subscription (id, chain_id, topic0, event_signature, addresses, start_block,"
            + " subscriber_id, source_updated_at, status, next_block) values ($1, 31337,"
            + " '0x00', '{}', '{}', 0, 'x', now() - interval '1 day', 'live', 0)",
        gone);

    rebuild.rebuild();

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> log.count(id) == 1);
    assertEquals("true", column(gone, "deleted"));
    assertEquals("stopped", log.status(gone));
  }

  private String column(long id, String column) {
    var rows =
        pool.preparedQuery("select " + column + "::text from subscription where id = $1")
            .execute(Tuple.of(id))
            .await()
            .atMost(Duration.ofSeconds(5));
    return rows.size() == 0 ? "missing" : rows.iterator().next().getString(0);
  }

  private void sql(String sql, long id) {
    pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
