package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An update request (API.md, Update request), read from what {@code to_update_request} returned.
 *
 * @param add field to the exact decimal to add, and whether the client wrote it as a string
 * @param timestamp with it, the update is skipped when the stored item is as new or newer
 * @param ttl epoch seconds after which the sweeper removes the item, or null
 */
public record ViewUpdate(
    String pk,
    String sk,
    String discriminator,
    Map<String, JsonNode> set,
    Map<String, Addend> add,
    List<String> remove,
    Long timestamp,
    Long ttl,
    JsonNode request) {

  private static final Set<String> FIELDS =
      Set.of("key", "discriminator", "set", "add", "remove", "timestamp", "ttl");

  /** A number to add, exact, and whether it came as a decimal string. */
  public record Addend(BigDecimal value, boolean text) {}

  /**
   * The requests in an expression's result (an object, a list of them, or nothing: none).
   *
   * @throws UowFailure naming what is wrong with a request
   */
  public static List<ViewUpdate> all(JsonNode result, String field) {
    List<ViewUpdate> updates = new ArrayList<>();
    if (result == null || result.isNull()) {
      return updates;
    }
    if (result.isArray()) {
      for (int i = 0; i < result.size(); i++) {
        if (!result.get(i).isNull()) {
          updates.add(of(result.get(i), field + "[" + i + "]"));
        }
      }
    } else {
      updates.add(of(result, field));
    }
    return updates;
  }

  static ViewUpdate of(JsonNode node, String where) {
    if (!node.isObject()) {
      throw invalid(where, "an update request must be an object, not " + node.getNodeType());
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw invalid(where, "unknown field " + name + " (the fields are " + FIELDS + ")");
      }
    }
    JsonNode key = node.path("key");
    String pk = text(key.get("pk"));
    String sk = text(key.get("sk"));
    if (pk == null || sk == null) {
      throw invalid(where, "key must be {\"pk\": string, \"sk\": string}, not " + key);
    }
    Map<String, JsonNode> set = new LinkedHashMap<>();
    JsonNode setNode = node.path("set");
    if (!setNode.isMissingNode() && !setNode.isNull()) {
      if (!setNode.isObject()) {
        throw invalid(where, "set must be an object");
      }
      setNode.fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue()));
    }
    Map<String, Addend> add = new LinkedHashMap<>();
    JsonNode addNode = node.path("add");
    if (!addNode.isMissingNode() && !addNode.isNull()) {
      if (!addNode.isObject()) {
        throw invalid(where, "add must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = addNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        add.put(e.getKey(), addend(e.getValue(), where + ".add." + e.getKey()));
      }
    }
    List<String> remove = new ArrayList<>();
    JsonNode removeNode = node.path("remove");
    if (!removeNode.isMissingNode() && !removeNode.isNull()) {
      if (!removeNode.isArray()) {
        throw invalid(where, "remove must be a list of field names");
      }
      removeNode.forEach(n -> remove.add(n.asText()));
    }
    return new ViewUpdate(
        pk,
        sk,
        text(node.get("discriminator")),
        set,
        add,
        remove,
        whole(node.get("timestamp"), where + ".timestamp"),
        whole(node.get("ttl"), where + ".ttl"),
        node);
  }

  /** The number of a stored field, or null when it is not a number. */
  public static BigDecimal decimal(JsonNode value) {
    if (value == null || value.isNull()) {
      return BigDecimal.ZERO;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Addend addend(JsonNode value, String where) {
    if (value.isNumber()) {
      return new Addend(value.decimalValue(), false);
    }
    if (value.isTextual()) {
      try {
        return new Addend(new BigDecimal(value.asText().trim()), true);
      } catch (NumberFormatException e) {
        throw new UowFailure("InvalidRequest", where + ": \"" + value.asText() + "\" is no number");
      }
    }
    throw new UowFailure(
        "InvalidRequest", where + ": must be a number or a decimal string, not " + value);
  }

  private static Long whole(JsonNode value, String where) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || !value.canConvertToLong()) {
      throw new UowFailure("InvalidRequest", where + ": must be a whole number, not " + value);
    }
    return value.asLong();
  }

  private static String text(JsonNode value) {
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  private static UowFailure invalid(String where, String message) {
    return new UowFailure("InvalidRequest", where + ": " + message);
  }
}
