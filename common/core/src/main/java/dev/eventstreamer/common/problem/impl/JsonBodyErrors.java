package dev.eventstreamer.common.problem.impl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.eventstreamer.common.problem.Violation;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Words Jackson's failures to read a request body for the client: where the JSON is malformed, or
 * which field (as a JSON path) has the wrong type. Jackson's own messages name Java classes, so
 * they are never passed on.
 */
final class JsonBodyErrors {

  private static final Set<Class<?>> INTEGERS =
      Set.of(
          int.class,
          long.class,
          short.class,
          byte.class,
          Integer.class,
          Long.class,
          Short.class,
          Byte.class,
          BigInteger.class);
  private static final String MISSING_CREATOR_PROPERTY = "Missing required creator property '";
  private static final String ENUM_VALUES = "Enum class: ";

  private JsonBodyErrors() {}

  /** The syntax error somewhere in {@code e}'s causes, if the body is not JSON at all. */
  static Optional<JsonParseException> syntaxError(Throwable e) {
    // Jackson wraps a syntax error inside a nested object into a mapping error with a path.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonParseException p) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** {@code Malformed JSON at line 1, column 35: Unexpected end-of-input}. */
  static String malformed(JsonParseException e) {
    StringBuilder detail = new StringBuilder("Malformed JSON");
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      detail
          .append(" at line ")
          .append(at.getLineNr())
          .append(", column ")
          .append(at.getColumnNr());
    }
    String reason = reason(e.getOriginalMessage());
    if (!reason.isEmpty()) {
      detail.append(": ").append(reason);
    }
    return detail.toString();
  }

  /** The field {@code e} failed on, with a message in JSON terms. */
  static Violation violation(DatabindException e) {
    String path = path(e);
    if (e instanceof MismatchedInputException m) {
      String original = m.getOriginalMessage();
      if (original != null && original.startsWith(MISSING_CREATOR_PROPERTY)) {
        // Jackson versions differ on whether the path already names the missing property.
        int end = original.indexOf('\'', MISSING_CREATOR_PROPERTY.length());
        String name = end < 0 ? "" : original.substring(MISSING_CREATOR_PROPERTY.length(), end);
        boolean named = path.equals(name) || path.endsWith("." + name);
        return Violation.body(named ? path : join(path, name), "is required");
      }
      if (m instanceof UnrecognizedPropertyException) {
        return Violation.body(path, "is not a known field");
      }
      Class<?> target = m.getTargetType();
      if (target != null && target.isEnum()) {
        return Violation.body(path, enumMessage(original));
      }
      String expected = jsonType(target);
      if (expected != null) {
        return Violation.body(path, "must be " + expected);
      }
      return Violation.body(
          path,
          m instanceof InvalidFormatException ? "has an invalid format" : "has the wrong type");
    }
    if (e instanceof ValueInstantiationException) {
      // A record's compact constructor rejected the value with a message meant for the caller.
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
        return Violation.body(path, cause.getMessage());
      }
      return Violation.body(path, "is invalid");
    }
    if (e.getCause() instanceof InputCoercionException) {
      // A number too large for its field; Jackson's message names the Java type.
      return Violation.body(path, "is out of range");
    }
    return Violation.body(path, "is invalid");
  }

  /** Jackson's reference chain as {@code event_signature.inputs[0].type}, JSON names as sent. */
  static String path(DatabindException e) {
    StringBuilder path = new StringBuilder();
    if (e instanceof JsonMappingException m) {
      for (JsonMappingException.Reference ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          if (path.length() > 0) {
            path.append('.');
          }
          path.append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    return path.toString();
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String enumMessage(String original) {
    // Jackson lists the accepted JSON values, e.g. "... Enum class: [A, B]".
    int at = original == null ? -1 : original.indexOf(ENUM_VALUES);
    if (at >= 0) {
      return "must be one of " + original.substring(at + ENUM_VALUES.length()).trim();
    }
    return "is not one of the accepted values";
  }

  private static String jsonType(Class<?> type) {
    if (type == null) {
      return null;
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (INTEGERS.contains(type)) {
      return "an integer";
    }
    if (type == float.class || type == double.class || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == String.class || type == char.class || type == Character.class) {
      return "a string";
    }
    if (Map.class.isAssignableFrom(type) || isBean(type)) {
      return "an object";
    }
    // Dates, UUIDs, URIs: strings in a format the message cannot spell out in general.
    return null;
  }

  private static boolean isBean(Class<?> type) {
    return type.isRecord() || !type.getName().startsWith("java.");
  }

  // Drops Jackson's "(start marker at [Source: ...])" and everything after a line break.
  private static String reason(String message) {
    if (message == null) {
      return "";
    }
    String reason = message;
    int cut = reason.indexOf('\n');
    if (cut >= 0) {
      reason = reason.substring(0, cut);
    }
    for (String tail : new String[] {" (start marker", " [Source", " at [Source"}) {
      cut = reason.indexOf(tail);
      if (cut >= 0) {
        reason = reason.substring(0, cut);
      }
    }
    return reason.trim();
  }
}
