package dev.eventstreamer.common.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of incoming event data; a field of the wrong type makes the event invalid. */
public final class EventData {

  private EventData() {}

  public static JsonNode object(EventEnvelope event) {
    JsonNode data = event.data();
    if (data == null || !data.isObject()) {
      throw invalid(event, "data must be a JSON object");
    }
    return data;
  }

  public static long requireLong(JsonNode data, String field, EventEnvelope event) {
    if (data == null || !data.isObject()) {
      throw invalid(event, "data must be a JSON object");
    }
    Long value = optionalLong(data, field, event);
    if (value == null) {
      throw invalid(event, field + " is required");
    }
    return value;
  }

  public static Long optionalLong(JsonNode data, String field, EventEnvelope event) {
    JsonNode node = data.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw invalid(event, field + " must be a non-negative integer");
    }
    return node.longValue();
  }

  public static String optionalText(JsonNode data, String field, EventEnvelope event) {
    JsonNode node = data.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(event, field + " must be a string");
    }
    return node.textValue();
  }

  public static Boolean optionalBoolean(JsonNode data, String field, EventEnvelope event) {
    JsonNode node = data.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw invalid(event, field + " must be true or false");
    }
    return node.booleanValue();
  }

  private static InvalidEventException invalid(EventEnvelope event, String why) {
    return new InvalidEventException(event.type() + " " + event.id() + ": " + why);
  }
}
