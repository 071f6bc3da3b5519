package dev.eventstreamer.rules.service.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.rules.service.Changes;
import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.Trigger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A change of the store as the trigger flavors read it (see {@link Changes}). */
record Change(
    String id,
    String table,
    String op,
    String pk,
    String sk,
    JsonNode newImage,
    JsonNode oldImage,
    boolean ttlDelete,
    long at) {

  static Change of(Trigger trigger) {
    JsonNode data = trigger.envelope().data();
    return new Change(
        trigger.id(),
        data.path("table").asText(),
        data.path("op").asText(),
        data.path("pk").asText(),
        data.path("sk").asText(),
        image(data.get("new")),
        image(data.get("old")),
        data.path("ttl_delete").asBoolean(false),
        data.path("at").asLong(trigger.timestamp()));
  }

  boolean isEvents() {
    return Changes.EVENTS.equals(table);
  }

  boolean isViews() {
    return Changes.VIEWS.equals(table);
  }

  boolean isInsert() {
    return "INSERT".equals(op);
  }

  boolean isRemove() {
    return "REMOVE".equals(op);
  }

  /** The row after the change, else before it. */
  JsonNode image() {
    return newImage != null ? newImage : oldImage;
  }

  /** An insert of a collected event (sk EVENT). */
  boolean isCollectedEvent() {
    return isEvents() && isInsert() && "EVENT".equals(newImage.path("sk").asText());
  }

  /** The stored event of an event-table row, as the unit of work's event. */
  static Map<String, Object> storedEvent(JsonNode row) {
    return plainEvent(row.path("event"));
  }

  /** A stored event as a unit of work's event. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plainEvent(JsonNode stored) {
    Object event = JsonValues.toPlain(stored);
    return event instanceof Map<?, ?> map
        ? new LinkedHashMap<>((Map<String, Object>) map)
        : new LinkedHashMap<>();
  }

  /**
   * A view item's change as an event, as aws-lambda-stream's fromDynamodb: type {@code
   * <discriminator>-created|updated|deleted} ({@code -undeleted} when a soft delete is undone), the
   * item's data as {@code data}, both images as {@code raw}.
   */
  Map<String, Object> viewEvent() {
    JsonNode row = image();
    String name = row.path("discriminator").isTextual() ? row.get("discriminator").asText() : sk;
    String action;
    if (isInsert()) {
      action = "created";
    } else if (isRemove()) {
      action = "deleted";
    } else if (newImage.path("deleted").asBoolean() && !oldImage.path("deleted").asBoolean()) {
      action = "deleted";
    } else if (!newImage.path("deleted").asBoolean() && oldImage.path("deleted").asBoolean()) {
      action = "undeleted";
    } else {
      action = "updated";
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", id);
    event.put("type", name.toLowerCase(Locale.ROOT) + "-" + action);
    event.put("timestamp", row.path("timestamp").isNumber() ? row.get("timestamp").asLong() : at);
    event.put("partition_key", pk);
    event.put("tags", new LinkedHashMap<>());
    event.put("data", JsonValues.toPlain(row.path("data")));
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("new", JsonValues.toPlain(newImage));
    raw.put("old", JsonValues.toPlain(oldImage));
    event.put("raw", raw);
    return event;
  }

  private static JsonNode image(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }
}
