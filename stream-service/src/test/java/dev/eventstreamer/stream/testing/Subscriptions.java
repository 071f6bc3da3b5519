package dev.eventstreamer.stream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.kafka.CloudEventProducer;
import dev.eventstreamer.infra.kafka.KafkaServer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes subscription-events as subscription-service does (binary CloudEvents on Kafka, data a
 * SubscriptionResponse): the tests create, change and delete subscriptions the way stream-service
 * learns of them.
 */
public final class Subscriptions {

  /** The Transfer event ABI of API.md's example. */
  public static final String TRANSFER_ABI =
      "{\"type\":\"event\",\"name\":\"Transfer\",\"anonymous\":false,\"inputs\":["
          + "{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]}";

  private static final ObjectMapper JSON = new ObjectMapper();
  // Ids as subscription-service would hand them out, distinct across test runs on one database.
  private static final AtomicLong IDS =
      new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

  private Subscriptions() {}

  /** A fresh subscription id. */
  public static long nextId() {
    return IDS.incrementAndGet();
  }

  /** A Transfer subscription's data: {@code token}'s Transfers on {@code chainId} from a block. */
  public static ObjectNode transfer(
      long id, long chainId, String token, long startBlock, Long endBlock) {
    ObjectNode s = JSON.createObjectNode();
    s.put("id", id);
    s.put("topic0", TestToken.TRANSFER_TOPIC0);
    try {
      s.set("event_signature", JSON.readTree(TRANSFER_ABI));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ArrayNode addresses = s.putArray("addresses");
    if (token != null) {
      addresses.add(token);
    }
    s.put("start_block", startBlock);
    if (endBlock == null) {
      s.putNull("end_block");
    } else {
      s.put("end_block", endBlock);
    }
    s.put("chain_id", chainId);
    s.put("subscriber_id", "stream-tests");
    s.putNull("last_processed_block");
    s.put("is_streaming", false);
    s.put("streaming_status", "idle");
    s.putNull("resume_token");
    s.putNull("last_event_id");
    s.put("events_delivered", 0);
    String now = Timestamps.now();
    s.put("created_at", now);
    s.put("updated_at", now);
    return s;
  }

  /** Publishes {@code type} for {@code subscription}; returns the CloudEvent id. */
  public static String publish(String type, ObjectNode subscription) {
    String id = UUID.randomUUID().toString();
    publish(type, id, subscription);
    return id;
  }

  /** Publishes {@code type} with a given CloudEvent id (to send one event twice). */
  public static void publish(String type, String eventId, ObjectNode subscription) {
    String key = subscription.get("id").asText();
    CloudEventProducer.publishOnce(
        KafkaServer.shared().bootstrapServers(),
        Channels.SUBSCRIPTION_EVENTS,
        key,
        eventId,
        type,
        EventSources.SUBSCRIPTION_SERVICE,
        OffsetDateTime.now(ZoneOffset.UTC),
        subscription.toString());
  }

  /** Publishes {@code created} for a new subscription and returns its id. */
  public static long create(long chainId, String token, long startBlock, Long endBlock) {
    long id = nextId();
    publish(EventTypes.SUBSCRIPTION_CREATED, transfer(id, chainId, token, startBlock, endBlock));
    return id;
  }
}
