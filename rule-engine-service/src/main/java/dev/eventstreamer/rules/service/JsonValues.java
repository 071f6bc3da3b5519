package dev.eventstreamer.rules.service;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the plain values JSONata evaluates over (maps, lists, strings,
 * numbers, booleans), in both directions, keeping JSON null distinct from "nothing".
 */
public final class JsonValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private JsonValues() {}

  /** The tree as JSONata input; JSON null is JSONata's null value. */
  public static Object toPlain(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    switch (node.getNodeType()) {
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          map.put(field.getKey(), toPlain(field.getValue()));
        }
        return map;
      case ARRAY:
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(item -> list.add(toPlain(item)));
        return list;
      case STRING:
        return node.textValue();
      case BOOLEAN:
        return node.booleanValue();
      case NUMBER:
        if (node.isIntegralNumber()) {
          return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        return node.doubleValue();
      case NULL:
        return Jsonata.NULL_VALUE;
      default:
        return node.asText();
    }
  }

  /**
   * A JSONata result as a tree; {@code null} ("nothing") stays Java null.
   *
   * @throws UowFailure when it holds what JSON cannot (a function, say)
   */
  public static JsonNode toJson(Object value) {
    if (value == null) {
      return null;
    }
    return node(value);
  }

  private static JsonNode node(Object value) {
    if (value == null || value == Jsonata.NULL_VALUE) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode json) {
      return json;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach(
          (k, v) -> {
            // JSONata leaves out a field whose value is nothing, as JSON.stringify does.
            if (v != null) {
              object.set(String.valueOf(k), node(v));
            }
          });
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(item -> array.add(node(item)));
      return array;
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return NODES.numberNode(big);
    }
    if (value instanceof BigDecimal decimal) {
      return NODES.numberNode(decimal);
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new UowFailure("InvalidResult", "the result holds a number JSON cannot: " + d);
      }
      // JSONata computes in doubles; a whole number is written as one.
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return NODES.numberNode((long) d);
      }
      return NODES.numberNode(d);
    }
    throw new UowFailure(
        "InvalidResult", "the result holds a " + value.getClass().getSimpleName() + ", not JSON");
  }

  /** True unless the value is nothing, false, an empty list, an empty string or zero (JSONata). */
  public static boolean truthy(Object value) {
    return value != null && value != Jsonata.NULL_VALUE && Jsonata.boolize(value);
  }
}
