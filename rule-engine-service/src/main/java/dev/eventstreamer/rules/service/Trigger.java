package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.CloudEventsHttp;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.ProcessedEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CloudEvent as the rules see it: the {@code event} of its unit of work (API.md, Unit of work),
 * the original as {@code record}, and whether it is a change of the rules' own store, which only
 * the trigger flavors consume.
 *
 * @param envelope the CloudEvent as received
 * @param event the unit of work's {@code event}: id, type, timestamp (ms), partition_key, tags,
 *     data
 * @param record the CloudEvent in structured JSON, kept unchanged for faults and resubmission
 */
public record Trigger(EventEnvelope envelope, Map<String, Object> event, JsonNode record) {

  /** A change of the store (rule_event, rule_view), relayed on rule-changes. */
  public static final String CHANGE_TYPE = "dev.eventstreamer.rules.change";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The CloudEvent as a trigger of rules. */
  public static Trigger of(EventEnvelope envelope) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", envelope.id());
    event.put("type", type(envelope));
    event.put("timestamp", timestamp(envelope));
    String partitionKey = partitionKey(envelope);
    if (partitionKey != null) {
      event.put("partition_key", partitionKey);
    }
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put("source", envelope.source().toString());
    event.put("tags", tags);
    if (envelope.data() != null) {
      event.put("data", JsonValues.toPlain(envelope.data()));
    }
    return new Trigger(envelope, event, record(envelope));
  }

  /** The trigger of a fault's record, read back from its structured JSON. */
  public static Trigger ofRecord(JsonNode record) {
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EventEnvelope envelope =
        CloudEventsHttp.readOne(
            Map.of("Content-Type", List.of(CloudEventsHttp.STRUCTURED_CONTENT_TYPE)), body);
    return of(envelope);
  }

  /** What a rule records having applied: the CloudEvent's source and id. */
  public String appliedKey() {
    return ProcessedEvents.key(envelope);
  }

  public String id() {
    return envelope.id();
  }

  public String type() {
    return (String) event.get("type");
  }

  public long timestamp() {
    return (Long) event.get("timestamp");
  }

  /** Whether it is a change of the rules' store. */
  public boolean isChange() {
    return CHANGE_TYPE.equals(envelope.type())
        && EventSources.RULE_ENGINE_SERVICE.equals(envelope.source().toString());
  }

  /** Whether this service emitted it (aws-lambda-stream's outSourceIsSelf). */
  public boolean isFromSelf() {
    return EventSources.RULE_ENGINE_SERVICE.equals(envelope.source().toString());
  }

  /** A fresh unit of work over this event for {@code ruleId}. */
  public Map<String, Object> uow(String ruleId) {
    Map<String, Object> uow = new LinkedHashMap<>();
    uow.put("event", event);
    uow.put("record", JsonValues.toPlain(record));
    uow.put("pipeline", ruleId);
    return uow;
  }

  private static String type(EventEnvelope envelope) {
    boolean removed = EventTypes.CHAIN_LOG_REMOVED.equals(envelope.type());
    if (!removed && !EventTypes.CHAIN_LOG.equals(envelope.type())) {
      return envelope.type();
    }
    // A chain log's type is its ABI event's name; stream-service writes it as event_name.
    JsonNode name = envelope.data() == null ? null : envelope.data().get("event_name");
    String base = name != null && name.isTextual() ? name.asText() : envelope.type();
    return removed ? base + "-removed" : base;
  }

  private static String partitionKey(EventEnvelope envelope) {
    if (EventTypes.CHAIN_LOG.equals(envelope.type())
        || EventTypes.CHAIN_LOG_REMOVED.equals(envelope.type())) {
      JsonNode address = envelope.data() == null ? null : envelope.data().get("address");
      if (address != null && address.isTextual()) {
        return address.asText();
      }
    }
    return envelope.partitionKey() != null ? envelope.partitionKey() : envelope.subject();
  }

  private static long timestamp(EventEnvelope envelope) {
    OffsetDateTime time = envelope.time();
    return (time != null ? time.toInstant() : Instant.now()).toEpochMilli();
  }

  private static JsonNode record(EventEnvelope envelope) {
    byte[] body = CloudEventsHttp.write(envelope, CloudEventsHttp.Mode.STRUCTURED).body();
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
