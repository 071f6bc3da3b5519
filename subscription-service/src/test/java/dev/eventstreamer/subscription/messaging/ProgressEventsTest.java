package dev.eventstreamer.subscription.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.CloudEventProducer;
import dev.eventstreamer.subscription.testing.Bodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** stream-service's progress events (published here on the real broker) update subscriptions. */
@QuarkusTest
class ProgressEventsTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void progressAppliesOnceAndNeverMovesBackwards() {
    long id =
        given()
            .contentType(ContentType.JSON)
            .body(Bodies.transfer("progress-" + UUID.randomUUID()).toString())
            .post("/subscriptions")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    OffsetDateTime t0 = OffsetDateTime.now();

    String first = UUID.randomUUID().toString();
    publish(id, first, t0.plusSeconds(1), 150, 10, "backfilling", true, "rt_first", "ev-10");
    JsonPath applied = awaitBlock(id, 150);
    assertEquals(10, applied.getInt("events_delivered"));
    assertEquals("backfilling", applied.getString("streaming_status"));
    assertEquals(true, applied.getBoolean("is_streaming"));
    assertEquals("rt_first", applied.getString("resume_token"));
    assertEquals("ev-10", applied.getString("last_event_id"));

    // The same event again, carrying other data, and an older one: neither applies.
    publish(id, first, t0.plusSeconds(9), 900, 90, "live", true, "rt_dup", "ev-90");
    publish(id, UUID.randomUUID().toString(), t0, 120, 5, "backfilling", true, "rt_old", "ev-5");
    // A newer one after them (same key, same partition, so they were handled first).
    publish(
        id,
        UUID.randomUUID().toString(),
        t0.plusSeconds(2),
        200,
        20,
        "live",
        true,
        "rt_new",
        "ev-20");
    JsonPath latest = awaitBlock(id, 200);
    assertEquals(20, latest.getInt("events_delivered"));
    assertEquals("live", latest.getString("streaming_status"));
    assertEquals("rt_new", latest.getString("resume_token"));
    assertEquals("ev-20", latest.getString("last_event_id"));

    // Newer by time but behind in blocks: still not backwards.
    publish(
        id,
        UUID.randomUUID().toString(),
        t0.plusSeconds(30),
        190,
        25,
        "live",
        true,
        "rt_behind",
        "ev-25");
    publish(
        id,
        UUID.randomUUID().toString(),
        t0.plusSeconds(31),
        210,
        26,
        "completed",
        false,
        "rt_done",
        "ev-26");
    JsonPath done = awaitBlock(id, 210);
    assertEquals(26, done.getInt("events_delivered"));
    assertEquals("completed", done.getString("streaming_status"));
    assertEquals(false, done.getBoolean("is_streaming"));
  }

  @Test
  void malformedProgressIsSkippedAndTheConsumerGoesOn() {
    long id =
        given()
            .contentType(ContentType.JSON)
            .body(Bodies.transfer("progress-" + UUID.randomUUID()).toString())
            .post("/subscriptions")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    CloudEventProducer.publishOnce(
        bootstrapServers,
        Channels.PROGRESS_EVENTS,
        Long.toString(id),
        UUID.randomUUID().toString(),
        EventTypes.SUBSCRIPTION_PROGRESS,
        EventSources.STREAM_SERVICE,
        OffsetDateTime.now(),
        "{\"subscription_id\":\"" + id + "\",\"last_processed_block\":\"many\"}");
    publish(
        id, UUID.randomUUID().toString(), OffsetDateTime.now(), 300, 1, "live", true, null, null);
    JsonPath applied = awaitBlock(id, 300);
    assertEquals(1, applied.getInt("events_delivered"));
  }

  private JsonPath awaitBlock(long id, long block) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Long.valueOf(block)
                    .equals(
                        given()
                            .get("/subscriptions/{id}", id)
                            .then()
                            .extract()
                            .jsonPath()
                            .getObject("last_processed_block", Long.class)));
    return given().get("/subscriptions/{id}", id).then().statusCode(200).extract().jsonPath();
  }

  private void publish(
      long id,
      String eventId,
      OffsetDateTime time,
      long block,
      long delivered,
      String status,
      boolean streaming,
      String token,
      String lastEventId) {
    String data =
        "{\"subscription_id\":"
            + id
            + ",\"last_processed_block\":"
            + block
            + ",\"events_delivered\":"
            + delivered
            + ",\"streaming_status\":\""
            + status
            + "\",\"is_streaming\":"
            + streaming
            + ",\"resume_token\":"
            + (token == null ? "null" : "\"" + token + "\"")
            + ",\"last_event_id\":"
            + (lastEventId == null ? "null" : "\"" + lastEventId + "\"")
            + "}";
    CloudEventProducer.publishOnce(
        bootstrapServers,
        Channels.PROGRESS_EVENTS,
        Long.toString(id),
        eventId,
        EventTypes.SUBSCRIPTION_PROGRESS,
        EventSources.STREAM_SERVICE,
        time,
        data);
  }
}
