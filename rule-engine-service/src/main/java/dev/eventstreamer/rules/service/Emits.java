package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events a rule emits, as CloudEvents on domain-events: the id is deterministic, {@code
 * <trigger id>.<rule id>} for one event and {@code <trigger id>.<rule id>.<n>} (from 1) for each of
 * several, so a redelivered or resubmitted trigger emits the same ids.
 *
 * <p>An emitted event is an object with {@code type} (required), and optionally {@code timestamp}
 * (ms; default the trigger's), {@code partition_key} (default the trigger's), and {@code data}, the
 * CloudEvent's data; without {@code data}, its other fields are the data.
 */
public final class Emits {

  private static final Set<String> ATTRIBUTES =
      Set.of("id", "type", "timestamp", "partition_key", "tags", "triggers", "raw");

  private Emits() {}

  /**
   * The default event of an emit, as aws-lambda-stream's template: the trigger event's fields with
   * the rule's type (null when the emit is an expression) and the triggers it follows.
   */
  public static Map<String, Object> template(
      Map<String, Object> event, String type, List<Map<String, Object>> triggers) {
    Map<String, Object> template = new LinkedHashMap<>(event);
    template.remove("raw");
    template.remove("id");
    if (type != null) {
      template.put("type", type);
    } else {
      template.remove("type");
    }
    List<Object> refs = new ArrayList<>();
    for (Map<String, Object> trigger : triggers) {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("id", trigger.get("id"));
      ref.put("type", trigger.get("type"));
      ref.put("timestamp", trigger.get("timestamp"));
      refs.add(ref);
    }
    template.put("triggers", refs);
    Object last = triggers.isEmpty() ? null : triggers.get(triggers.size() - 1).get("timestamp");
    if (last != null) {
      template.put("timestamp", last);
    }
    return template;
  }

  /**
   * The events of one emit (an object, a list of them, or nothing) as outbox events.
   *
   * @param baseId {@code <trigger id>.<rule id>}
   * @param fallback the event whose timestamp and partition key an emitted event without them takes
   * @throws UowFailure when an event is not an object or has no type
   */
  public static List<OutboxEvent> of(
      JsonNode emitted, String baseId, Map<String, Object> fallback) {
    List<JsonNode> events = new ArrayList<>();
    if (emitted == null || emitted.isNull()) {
      return List.of();
    }
    if (emitted.isArray()) {
      emitted.forEach(events::add);
    } else {
      events.add(emitted);
    }
    List<OutboxEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      String id = events.size() == 1 ? baseId : baseId + "." + (i + 1);
      out.add(event(events.get(i), id, fallback));
    }
    return out;
  }

  private static OutboxEvent event(JsonNode node, String id, Map<String, Object> fallback) {
    if (!node.isObject()) {
      throw new UowFailure("InvalidEvent", "emit: an emitted event must be an object, not " + node);
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      throw new UowFailure("InvalidEvent", "emit: an emitted event needs a type (a string)");
    }
    long timestamp =
        node.path("timestamp").isNumber()
            ? node.get("timestamp").asLong()
            : ((Number) fallback.getOrDefault("timestamp", System.currentTimeMillis())).longValue();
    String key =
        node.path("partition_key").isTextual()
            ? node.get("partition_key").asText()
            : (String) fallback.getOrDefault("partition_key", id);
    JsonNode data;
    if (node.has("data")) {
      data = node.get("data");
    } else {
      ObjectNode rest = ((ObjectNode) node).deepCopy();
      ATTRIBUTES.forEach(rest::remove);
      data = rest;
    }
    return OutboxEvent.builder()
        .id(id)
        .channel(Channels.DOMAIN_EVENTS)
        .key(key)
        .type(type.asText())
        .source(EventSources.RULE_ENGINE_SERVICE)
        .time(OffsetDateTime.ofInstant(Instant.ofEpochMilli(timestamp), ZoneOffset.UTC))
        .data(data.toString())
        .build();
  }
}
