package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.json;
import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static dev.eventstreamer.rules.testing.Suite.view;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.service.RuleEngine;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch as the consumer hands it to the engine: compaction per partition key, a redelivery inside
 * the batch, and a rule's rate.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class BatchTest {

  @Inject RuleEngine engine;

  static EventEnvelope event(String type, String key, long timestamp, String data) {
    return EventEnvelope.builder()
        .id(UUID.randomUUID().toString())
        .source(URI.create("/another-service"))
        .type(type)
        .partitionKey(key)
        .time(OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(timestamp), ZoneOffset.UTC))
        .data(json(data))
        .build();
  }

  @Test
  void compactionWritesOncePerKeyWithTheLatestAndTheWholeGroup() {
    String type = unique("tick");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s", "compact": true,
         "to_update_request": "{'key': {'pk': event.partition_key, 'sk': 'last'}, 'set': {'v': event.data.v, 'seen': $count(batch), 'all': batch.event.data.v}, 'add': {'writes': 1}}"}
        """
            .formatted(unique("latest"), type));
    String a = unique("a");
    String b = unique("b");
    List<EventEnvelope> batch = new ArrayList<>();
    // Out of order in the batch: compaction sorts by timestamp.
    batch.add(event(type, a, 3_000, "{\"v\": 3}"));
    batch.add(event(type, a, 1_000, "{\"v\": 1}"));
    batch.add(event(type, b, 5_000, "{\"v\": 50}"));
    batch.add(event(type, a, 2_000, "{\"v\": 2}"));
    engine.applyBatch(batch).await().atMost(Duration.ofSeconds(30));

    JsonNode va = view(a, "last").path("data");
    assertEquals(3, va.path("v").asInt(), "the latest of the group");
    assertEquals(3, va.path("seen").asInt());
    assertEquals("[1,2,3]", va.path("all").toString());
    assertEquals(1, va.path("writes").asInt(), "one write for the group");
    assertEquals(50, view(b, "last").path("data").path("v").asInt());

    // Delivered again (a batch that was not acknowledged): nothing changes.
    engine.applyBatch(batch).await().atMost(Duration.ofSeconds(30));
    assertEquals(1, view(a, "last").path("data").path("writes").asInt());
  }

  @Test
  void anEventTwiceInOneBatchIsAppliedOnce() {
    String type = unique("count");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "{'key': {'pk': event.partition_key, 'sk': 'n'}, 'add': {'n': 1}}"}
        """
            .formatted(unique("counter"), type));
    String key = unique("k");
    EventEnvelope once = event(type, key, 1_000, "{}");
    engine
        .applyBatch(List.of(once, event(type, key, 2_000, "{}"), once))
        .await()
        .atMost(Duration.ofSeconds(30));
    assertEquals(2, view(key, "n").path("data").path("n").asInt());
  }

  @Test
  void aRateSpacesTheUnitsOfWorkAndChangesNothingElse() {
    String type = unique("paced");
    String id = unique("pacer");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s", "rate": {"num": 2, "ms": 100},
         "to_update_request": "{'key': {'pk': event.partition_key, 'sk': 'n'}, 'add': {'n': event.data.n}}"}
        """
            .formatted(id, type));
    String key = unique("k");
    List<EventEnvelope> batch = new ArrayList<>();
    for (int n = 1; n <= 6; n++) {
      batch.add(event(type, key, n, "{\"n\": " + n + "}"));
    }
    long start = System.nanoTime();
    engine.applyBatch(batch).await().atMost(Duration.ofSeconds(30));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    // Six units at two per 100 ms: the 3rd and 5th wait for a new window.
    assertTrue(tookMs >= 200, "took " + tookMs + " ms");
    assertEquals(21, view(key, "n").path("data").path("n").asInt());
    given().get("/api/rules/{id}/stats", id).then().body("written", equalTo(6));
  }
}
