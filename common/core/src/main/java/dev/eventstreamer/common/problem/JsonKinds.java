package dev.eventstreamer.common.problem;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** How a violation names what a client sent instead: "not a string", "not a list"... */
public final class JsonKinds {

  private JsonKinds() {}

  /**
   * {@code a string}, {@code a number}, {@code a boolean}, {@code a list}, {@code an object},
   * {@code null}.
   */
  public static String of(JsonNode node) {
    if (node == null) {
      return "null";
    }
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case NULL, MISSING -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
