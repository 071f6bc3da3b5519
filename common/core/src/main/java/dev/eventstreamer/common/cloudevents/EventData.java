package dev.eventstreamer.common.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of incoming event data; a field of the wrong type makes the event invalid. Each read
 * names what it reads from: an event ({@code type id}), or any other text, for the same data read
 * from somewhere else (an owner's listing, say).
 */
public final class EventData {

  private EventData() {}

  public static JsonNode object(EventEnvelope event) {
    return object(event.data(), describe(event));
  }

  /** {@code data} as a JSON object; {@code what} names it in the error. */
  public static JsonNode object(JsonNode data, String what) {
    if (data == null || !data.isObject()) {
      throw invalid(what, "data must be a JSON object");
    }
    return data;
  }

  public static long requireLong(JsonNode data, String field, EventEnvelope event) {
    return requireLong(data, field, describe(event));
  }

  public static long requireLong(JsonNode data, String field, String what) {
    Long value = optionalLong(object(data, what), field, what);
    if (value == null) {
      throw invalid(what, field + " is required");
    }
    return value;
  }

  public static Long optionalLong(JsonNode data, String field, EventEnvelope event) {
    return optionalLong(data, field, describe(event));
  }

  public static Long optionalLong(JsonNode data, String field, String what) {
    JsonNode node = data.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw invalid(what, field + " must be a non-negative integer");
    }
    return node.longValue();
  }

  /** A string field that must be there and not blank. */
  public static String requireText(JsonNode data, String field, String what) {
    String value = optionalText(data, field, what);
    if (value == null || value.isBlank()) {
      throw invalid(what, field + " is required");
    }
    return value;
  }

  public static String optionalText(JsonNode data, String field, EventEnvelope event) {
    return optionalText(data, field, describe(event));
  }

  public static String optionalText(JsonNode data, String field, String what) {
    JsonNode node = data.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(what, field + " must be a string");
    }
    return node.textValue();
  }

  public static Boolean optionalBoolean(JsonNode data, String field, EventEnvelope event) {
    JsonNode node = data.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw invalid(describe(event), field + " must be true or false");
    }
    return node.booleanValue();
  }

  /** How an event is named in errors: {@code <type> <id>}. */
  public static String describe(EventEnvelope event) {
    return event.type() + " " + event.id();
  }

  private static InvalidEventException invalid(String what, String why) {
    return new InvalidEventException(what + ": " + why);
  }
}
