package dev.eventstreamer.subscription.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.problem.JsonKinds;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import java.util.ArrayList;
import java.util.List;

/** Reads typed top-level fields of a JSON body, collecting a violation for each bad one. */
final class Fields {

  private final ObjectNode body;
  private final List<Violation> violations = new ArrayList<>();

  Fields(ObjectNode body) {
    this.body = body;
  }

  boolean present(String name) {
    return body.has(name);
  }

  /** True when sent and not null; a null is rejected, the field cannot be cleared. */
  boolean notNull(String name) {
    JsonNode node = body.get(name);
    if (node == null) {
      return false;
    }
    if (node.isNull()) {
      reject(name, "must not be null");
      return false;
    }
    return true;
  }

  /** True when sent and not null; otherwise records that it is required. */
  boolean required(String name) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      reject(name, "is required");
      return false;
    }
    return true;
  }

  JsonNode node(String name) {
    return body.get(name);
  }

  String text(String name) {
    JsonNode node = body.get(name);
    if (!node.isTextual()) {
      reject(name, "must be a string, not " + JsonKinds.of(node));
      return null;
    }
    return node.textValue();
  }

  ObjectNode object(String name) {
    JsonNode node = body.get(name);
    if (!node.isObject()) {
      reject(name, "must be a JSON object, not " + JsonKinds.of(node));
      return null;
    }
    return (ObjectNode) node;
  }

  Boolean bool(String name) {
    JsonNode node = body.get(name);
    if (!node.isBoolean()) {
      reject(name, "must be true or false, not " + JsonKinds.of(node));
      return null;
    }
    return node.booleanValue();
  }

  /** An integer of at least {@code min}; null when null (for nullable fields) or rejected. */
  Long integer(String name, long min) {
    JsonNode node = body.get(name);
    if (node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      reject(name, "must be an integer, not " + JsonKinds.of(node));
      return null;
    }
    if (!node.canConvertToLong()) {
      reject(name, "is too large");
      return null;
    }
    long value = node.longValue();
    if (value < min) {
      reject(name, "must be at least " + min + ", got " + value);
      return null;
    }
    return value;
  }

  void reject(String field, String message) {
    violations.add(Violation.body(field, message));
  }

  void add(Violation violation) {
    violations.add(violation);
  }

  void throwIfAny() {
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
  }

  /** The JSON kind of a value, for messages: "a string", "a number", ... */
}
