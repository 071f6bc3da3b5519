package dev.eventstreamer.subscription.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import dev.eventstreamer.subscription.testing.Bodies;
import dev.eventstreamer.subscription.testing.ChainConfigStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every change is published once on subscription-events, read back from the real broker. */
@QuarkusTest
class SubscriptionEventsTest {

  private static final Duration ARRIVAL = Duration.ofSeconds(30);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void createUpdateAndDeleteEachPublishOneCloudEvent() throws Exception {
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, Channels.SUBSCRIPTION_EVENTS)) {
      String created =
          given()
              .contentType(ContentType.JSON)
              .body(Bodies.transfer("events-" + UUID.randomUUID()).toString())
              .post("/subscriptions")
              .then()
              .statusCode(201)
              .extract()
              .asString();
      String id = Bodies.json().readTree(created).get("id").asText();
      String updated =
          given()
              .contentType(ContentType.JSON)
              .body("{\"end_block\": 1000}")
              .put("/subscriptions/" + id)
              .then()
              .statusCode(200)
              .extract()
              .asString();
      given().delete("/subscriptions/" + id).then().statusCode(204);

      topic.await(r -> id.equals(r.key()), 3, ARRIVAL);
      List<KafkaTopicReader.Received> events =
          topic.drainFor(r -> id.equals(r.key()), Duration.ofSeconds(2));
      assertEquals(
          List.of(
              EventTypes.SUBSCRIPTION_CREATED,
              EventTypes.SUBSCRIPTION_UPDATED,
              EventTypes.SUBSCRIPTION_DELETED),
          events.stream().map(r -> r.header("ce_type")).toList(),
          "exactly one event per change, in order");
      Set<String> ids = new HashSet<>();
      for (KafkaTopicReader.Received event : events) {
        assertEquals("1.0", event.header("ce_specversion"));
        assertEquals(EventSources.SUBSCRIPTION_SERVICE, event.header("ce_source"));
        assertEquals(id, event.header("ce_subject"));
        assertEquals(id, event.header("ce_partitionkey"));
        assertEquals("application/json", event.header("content-type"));
        assertNotNull(event.header("ce_time"));
        UUID.fromString(event.header("ce_id"));
        ids.add(event.header("ce_id"));
      }
      assertEquals(3, ids.size(), "distinct event ids");
      assertEquals(json(created), json(events.get(0).value()), "data is the API's answer");
      assertEquals(json(updated), json(events.get(1).value()));
      assertEquals(json(updated), json(events.get(2).value()), "deleted carries the last state");
    }
  }

  @Test
  void concurrentCreatesAllStoreAndPublish() throws Exception {
    String subscriber = "concurrent-" + UUID.randomUUID();
    // A chain only chain-config-service knows, answering slowly: every create waits for it.
    long chain = 6001;
    ChainConfigStub.chain(chain, true, 100);
    String body = Bodies.transfer(subscriber).put("chain_id", chain).toString();
    int n = 200;
    List<Future<String>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, Channels.SUBSCRIPTION_EVENTS)) {
      for (int i = 0; i < n; i++) {
        results.add(
            pool.submit(
                () ->
                    given()
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/subscriptions")
                        .then()
                        .statusCode(201)
                        .extract()
                        .jsonPath()
                        .getString("id")));
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> result : results) {
        ids.add(result.get());
      }
      assertEquals(n, ids.size(), "distinct ids");
      // One lookup shared by all (plus at most the client's two retries, should a busy machine make
      // the first attempt time out), not one per request.
      int lookups = ChainConfigStub.lookups(chain);
      assertTrue(lookups >= 1 && lookups <= 3, "concurrent creates share a lookup: " + lookups);
      assertEquals(
          n,
          given()
              .queryParam("subscriber_id", subscriber)
              .get("/subscriptions")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getInt("total"));
      topic.await(r -> ids.contains(r.key()), n, Duration.ofSeconds(60));
      List<KafkaTopicReader.Received> events =
          topic.drainFor(r -> ids.contains(r.key()), Duration.ofSeconds(2));
      assertEquals(n, events.size(), "one event per subscription");
      assertEquals(
          ids, new HashSet<>(events.stream().map(KafkaTopicReader.Received::key).toList()));
      assertEquals(
          Set.of(EventTypes.SUBSCRIPTION_CREATED),
          new HashSet<>(events.stream().map(r -> r.header("ce_type")).toList()));
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonNode json(String text) throws Exception {
    return Bodies.json().readTree(text);
  }
}
