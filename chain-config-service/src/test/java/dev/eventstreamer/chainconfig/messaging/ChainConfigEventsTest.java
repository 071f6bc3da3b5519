package dev.eventstreamer.chainconfig.messaging;

import static dev.eventstreamer.chainconfig.TestChains.delete;
import static dev.eventstreamer.chainconfig.TestChains.nextId;
import static dev.eventstreamer.chainconfig.TestChains.post;
import static dev.eventstreamer.chainconfig.TestChains.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eventstreamer.chainconfig.ChainTestBroker;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A consumer of the real chain-config-events topic sees every registry change, in order. */
@QuarkusTest
class ChainConfigEventsTest {

  @Test
  void publishesCreatedUpdatedDeactivatedAndReactivatedAsCloudEvents() {
    long id = nextId();
    String key = Long.toString(id);
    post("""
            {"chain_id": %d, "name": "Evented",
             "rpc_urls": ["https://bob:hunter2@rpc.example.net/v3/0123456789abcdef?token=t0k"],
             "live_websocket_url": "wss://ws.example.net/eth", "confirmation_blocks": 2}"""
            .formatted(id))
        .statusCode(201);
    put(id, "{\"name\": \"Evented again\"}").statusCode(200);
    delete(id).statusCode(200);
    post(TestChainsBody.of(id)).statusCode(201);

    try (KafkaTopicReader topic =
        new KafkaTopicReader(ChainTestBroker.bootstrapServers(), Channels.CHAIN_CONFIG_EVENTS)) {
      List<KafkaTopicReader.Received> events =
          topic.await(r -> key.equals(r.key()), 4, Duration.ofSeconds(30));
      assertEquals(4, events.size(), "events of chain " + id);
      assertEquals(
          List.of(
              EventTypes.CHAIN_CREATED,
              EventTypes.CHAIN_UPDATED,
              EventTypes.CHAIN_DEACTIVATED,
              EventTypes.CHAIN_CREATED),
          events.stream().map(e -> e.header("ce_type")).toList());
      assertEquals(4, new HashSet<>(events.stream().map(e -> e.header("ce_id")).toList()).size());
      for (int i = 0; i < events.size(); i++) {
        KafkaTopicReader.Received event = events.get(i);
        assertEquals("1.0", event.header("ce_specversion"));
        assertEquals(EventSources.CHAIN_CONFIG_SERVICE, event.header("ce_source"));
        assertEquals(key, event.header("ce_subject"));
        assertEquals(key, event.header("ce_partitionkey"));
        assertFalse(event.value().contains("hunter2"), "password leaked");
        assertFalse(event.value().contains("0123456789abcdef"), "path key leaked");
        assertFalse(event.value().contains("t0k"), "query key leaked");
        JsonObject data = new JsonObject(event.value());
        assertEquals(id, data.getLong("chain_id"));
        assertEquals(i + 1, data.getLong("version"));
      }
      JsonObject created = new JsonObject(events.get(0).value());
      assertEquals("Evented", created.getString("name"));
      assertEquals(
          new JsonArray().add("https://***@rpc.example.net/v3/***?token=***"),
          created.getJsonArray("rpc_urls"));
      assertEquals(
          "https://***@rpc.example.net/v3/***?token=***", created.getString("historical_rpc_url"));
      assertEquals("wss://ws.example.net/eth", created.getString("live_websocket_url"));
      assertEquals(2, created.getInteger("confirmation_blocks"));
      assertEquals(10_000, created.getInteger("max_blocks_per_request"));
      assertEquals(10_000, created.getInteger("historical_max_chunk_size"));
      assertEquals("active", created.getString("status"));
      assertEquals(true, created.getBoolean("is_active"));
      assertEquals("Evented again", new JsonObject(events.get(1).value()).getString("name"));
      JsonObject deactivated = new JsonObject(events.get(2).value());
      assertEquals(false, deactivated.getBoolean("is_active"));
      assertEquals("inactive", deactivated.getString("status"));
      JsonObject reactivated = new JsonObject(events.get(3).value());
      assertEquals(true, reactivated.getBoolean("is_active"));
      assertEquals("Comeback", reactivated.getString("name"));
    }
  }

  /** The body of a comeback. */
  private static final class TestChainsBody {
    static String of(long id) {
      return """
          {"chain_id": %d, "name": "Comeback", "rpc_urls": ["http://127.0.0.1:8545"]}"""
          .formatted(id);
    }
  }
}
