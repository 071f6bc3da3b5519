package dev.eventstreamer.rules.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.CloudEventProducer;
import dev.eventstreamer.infra.kafka.KafkaServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * What the tests do as the rest of the suite would: save rules over HTTP, publish chain logs as
 * stream-service does and domain events as another service does, read views over HTTP.
 */
public final class Suite {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Suite() {}

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A random 20-byte address, lower-case hex. */
  public static String address() {
    return ("0x" + UUID.randomUUID().toString().replace("-", "") + "00000000").substring(0, 42);
  }

  /** Saves a rule; fails the test unless it was created. */
  public static void rule(String json) {
    given().contentType(ContentType.JSON).body(json).post("/api/rules").then().statusCode(201);
  }

  public static void replaceRule(String id, String json) {
    given().contentType(ContentType.JSON).body(json).put("/api/rules/" + id).then().statusCode(200);
  }

  /**
   * Publishes a Transfer log of {@code contract} on chain-events as stream-service does: keyed by
   * subscription, the event object as data. Returns the CloudEvent id.
   */
  public static String transfer(
      String subscription, String contract, String from, String to, String value, long block) {
    String id = UUID.randomUUID().toString();
    String data =
        """
        {"event_name": "Transfer", "from": "%s", "to": "%s", "value": "%s",
         "block_number": %d, "transaction_hash": "0x%s", "log_index": 0, "address": "%s",
         "timestamp": "2026-12-07T10:00:00Z", "chain_id": 31337, "subscription_id": %s,
         "subscriber_id": "demo"}
        """
            .formatted(
                from,
                to,
                value,
                block,
                UUID.randomUUID().toString().replace("-", ""),
                contract,
                subscription);
    publish(
        Channels.CHAIN_EVENTS,
        subscription,
        id,
        EventTypes.CHAIN_LOG,
        EventSources.STREAM_SERVICE,
        OffsetDateTime.now(ZoneOffset.UTC),
        data);
    return id;
  }

  /** Publishes a CloudEvent, as any producer on the broker would. */
  public static void publish(
      String topic,
      String key,
      String id,
      String type,
      String source,
      OffsetDateTime time,
      String data) {
    try (CloudEventProducer producer =
        new CloudEventProducer(KafkaServer.shared().bootstrapServers())) {
      producer.publish(topic, key, id, type, source, time, data);
    }
  }

  /** A domain event from another service, with a fresh id; returns the id. */
  public static String domainEvent(String key, String type, String data) {
    String id = UUID.randomUUID().toString();
    publish(
        Channels.DOMAIN_EVENTS,
        key,
        id,
        type,
        "/another-service",
        OffsetDateTime.now(ZoneOffset.UTC),
        data);
    return id;
  }

  /** The view item's data, or null while there is none. */
  public static JsonNode view(String pk, String sk) {
    Response response = given().get("/api/views/{pk}/{sk}", pk, sk);
    if (response.statusCode() == 404) {
      return null;
    }
    try {
      return JSON.readTree(response.then().statusCode(200).extract().asString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
