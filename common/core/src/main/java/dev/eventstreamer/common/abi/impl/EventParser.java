package dev.eventstreamer.common.abi.impl;

import com.esaulpaugh.headlong.abi.Event;
import com.esaulpaugh.headlong.abi.Tuple;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.joemelsha.crypto.hash.Keccak;
import dev.eventstreamer.common.abi.AbiEvent;
import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.abi.AbiException.Kind;
import dev.eventstreamer.common.abi.AbiParameter;
import dev.eventstreamer.common.abi.LogFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a JSON event ABI field by field, then lets headlong build the event from the result. */
public final class EventParser {

  /** Tuple and array levels, counted together. */
  public static final int MAX_DEPTH = 32;

  public static final int MAX_ARRAY_LENGTH = 1_000_000;

  /** Encoded size of a static type; keeps headlong's int arithmetic far from overflow. */
  public static final long MAX_STATIC_SIZE = 1L << 24;

  /** headlong's own limit for one type string (it applies to tuple arrays). */
  public static final int MAX_TYPE_LENGTH = 1_600;

  public static final int MAX_INPUTS = 1_000;
  public static final int MAX_NAME_LENGTH = 256;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Pattern ARRAY_SUFFIX = Pattern.compile("\\[([0-9]*)]");

  /** The checked event, the type of each input, and headlong's event. */
  public record Parsed(AbiEvent event, List<TypeNode> types, Event<Tuple> headlong) {}

  private record Input(AbiParameter parameter, TypeNode type) {}

  private EventParser() {}

  public static Parsed parse(JsonNode root) throws AbiException {
    if (root == null || !root.isObject()) {
      throw new AbiException(Kind.MALFORMED_JSON, "", "an event ABI must be a JSON object");
    }
    JsonNode type = root.get("type");
    if (type != null && !type.isNull()) {
      if (!type.isTextual()) {
        throw new AbiException(Kind.INVALID_FIELD, "type", "type must be a string");
      }
      if (!"event".equals(type.textValue())) {
        throw new AbiException(
            Kind.NOT_AN_EVENT,
            "type",
            "type must be 'event', not '" + clip(type.textValue()) + "'");
      }
    }
    String name = text(root, "name", "name");
    if (name == null || name.isEmpty()) {
      throw new AbiException(Kind.MISSING_FIELD, "name", "the event needs a name");
    }
    checkIdentifier(name, "name", "event name");
    boolean anonymous = bool(root, "anonymous", "anonymous");

    JsonNode inputsNode = root.get("inputs");
    List<Input> inputs = new ArrayList<>();
    if (inputsNode != null && !inputsNode.isNull()) {
      if (!inputsNode.isArray()) {
        throw new AbiException(Kind.INVALID_FIELD, "inputs", "inputs must be an array");
      }
      if (inputsNode.size() > MAX_INPUTS) {
        throw new AbiException(Kind.TOO_COMPLEX, "inputs", "more than " + MAX_INPUTS + " inputs");
      }
      int maxIndexed = anonymous ? 4 : 3;
      int indexed = 0;
      for (int i = 0; i < inputsNode.size(); i++) {
        String path = "inputs[" + i + "]";
        Input in = input(inputsNode.get(i), path, 0, true);
        if (in.parameter().indexed() && ++indexed > maxIndexed) {
          throw new AbiException(
              Kind.TOO_MANY_INDEXED,
              path + ".indexed",
              "more than "
                  + maxIndexed
                  + " indexed inputs"
                  + (anonymous ? " in an anonymous event" : ""));
        }
        inputs.add(in);
      }
    }
    List<String> fieldNames = fieldNames(inputs, "inputs", true);
    List<AbiParameter> parameters = new ArrayList<>(inputs.size());
    List<TypeNode> types = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      AbiParameter p = inputs.get(i).parameter();
      parameters.add(
          new AbiParameter(p.name(), fieldNames.get(i), p.type(), p.indexed(), p.components()));
      types.add(inputs.get(i).type());
    }

    Event<Tuple> headlong = headlong(name, anonymous, parameters);
    String signature = headlong.getCanonicalSignature();
    byte[] topic0 = new Keccak(256).digest(signature.getBytes(StandardCharsets.US_ASCII));
    AbiEvent event = new AbiEvent(name, parameters, anonymous, signature, Hex.encode(topic0));
    return new Parsed(event, types, headlong);
  }

  private static Input input(JsonNode node, String path, int depth, boolean topLevel)
      throws AbiException {
    if (node == null || !node.isObject()) {
      throw new AbiException(
          Kind.INVALID_FIELD,
          path,
          (topLevel ? "an input" : "a component") + " must be a JSON object");
    }
    String rawType = text(node, "type", path + ".type");
    if (rawType == null) {
      throw new AbiException(Kind.MISSING_FIELD, path + ".type", "missing type");
    }
    String name = text(node, "name", path + ".name");
    if (name != null && name.isEmpty()) {
      name = null;
    }
    if (name != null) {
      checkIdentifier(name, path + ".name", "name");
    }
    boolean indexed = bool(node, "indexed", path + ".indexed");
    if (indexed && !topLevel) {
      throw new AbiException(
          Kind.INVALID_FIELD,
          path + ".indexed",
          "only the event's own inputs can be indexed, not tuple components");
    }

    String typePath = path + ".type";
    int bracket = rawType.indexOf('[');
    String base = bracket < 0 ? rawType : rawType.substring(0, bracket);
    List<Integer> dims = dims(rawType, bracket, typePath);
    int levels = depth + dims.size() + ("tuple".equals(base) ? 1 : 0);
    if (levels > MAX_DEPTH) {
      throw new AbiException(
          Kind.TOO_COMPLEX,
          typePath,
          "nested deeper than " + MAX_DEPTH + " tuple and array levels");
    }

    JsonNode componentsNode = node.get("components");
    List<AbiParameter> components = List.of();
    TypeNode type;
    String normalizedBase;
    if ("tuple".equals(base)) {
      if (componentsNode == null
          || componentsNode.isNull()
          || (componentsNode.isArray() && componentsNode.isEmpty())) {
        throw new AbiException(
            Kind.TUPLE_WITHOUT_COMPONENTS, path + ".components", "tuple without components");
      }
      if (!componentsNode.isArray()) {
        throw new AbiException(
            Kind.INVALID_FIELD, path + ".components", "components must be an array");
      }
      if (componentsNode.size() > MAX_INPUTS) {
        throw new AbiException(
            Kind.TOO_COMPLEX, path + ".components", "more than " + MAX_INPUTS + " components");
      }
      List<Input> parts = new ArrayList<>();
      for (int i = 0; i < componentsNode.size(); i++) {
        parts.add(input(componentsNode.get(i), path + ".components[" + i + "]", levels, false));
      }
      List<String> names = fieldNames(parts, path + ".components", false);
      List<AbiParameter> params = new ArrayList<>(parts.size());
      TypeNode[] nodes = new TypeNode[parts.size()];
      for (int i = 0; i < parts.size(); i++) {
        AbiParameter p = parts.get(i).parameter();
        params.add(new AbiParameter(p.name(), names.get(i), p.type(), false, p.components()));
        nodes[i] = parts.get(i).type();
      }
      components = params;
      type = TypeNode.tuple(nodes, names.toArray(new String[0]));
      checkStaticSize(type, typePath);
      normalizedBase = "tuple";
    } else {
      if (componentsNode != null
          && !componentsNode.isNull()
          && !(componentsNode.isArray() && componentsNode.isEmpty())) {
        throw new AbiException(
            Kind.UNEXPECTED_COMPONENTS,
            path + ".components",
            "components given for '" + clip(rawType) + "', which is not a tuple");
      }
      type = elementary(base, rawType, typePath);
      normalizedBase = type.canonical;
    }
    StringBuilder normalized = new StringBuilder(normalizedBase);
    for (int length : dims) {
      type = TypeNode.array(type, length);
      checkStaticSize(type, typePath);
      normalized.append(length < 0 ? "[]" : "[" + length + "]");
    }
    if (type.canonical.length() > MAX_TYPE_LENGTH) {
      throw new AbiException(
          Kind.TOO_COMPLEX,
          typePath,
          "canonical type longer than " + MAX_TYPE_LENGTH + " characters");
    }
    return new Input(
        new AbiParameter(name, name, normalized.toString(), indexed, components), type);
  }

  private static List<Integer> dims(String rawType, int bracket, String path) throws AbiException {
    List<Integer> dims = new ArrayList<>();
    if (bracket < 0) {
      return dims;
    }
    var m = ARRAY_SUFFIX.matcher(rawType);
    int at = bracket;
    while (at < rawType.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new AbiException(
            Kind.UNKNOWN_TYPE,
            path,
            "unknown type '" + clip(rawType) + "' (malformed array suffix)");
      }
      String digits = m.group(1);
      if (digits.isEmpty()) {
        dims.add(-1);
      } else if (digits.charAt(0) == '0') {
        throw new AbiException(
            Kind.INVALID_ARRAY_LENGTH,
            path,
            "array length in '"
                + clip(rawType)
                + "' must be a positive number without leading zeros");
      } else if (digits.length() > 7 || Integer.parseInt(digits) > MAX_ARRAY_LENGTH) {
        throw new AbiException(
            Kind.INVALID_ARRAY_LENGTH,
            path,
            "array length in '" + clip(rawType) + "' exceeds " + MAX_ARRAY_LENGTH);
      } else {
        dims.add(Integer.parseInt(digits));
      }
      at = m.end();
    }
    return dims;
  }

  private static TypeNode elementary(String base, String rawType, String path) throws AbiException {
    switch (base) {
      case "address":
        return TypeNode.elementary(TypeNode.Kind.ADDRESS, 160, "address");
      case "bool":
        return TypeNode.elementary(TypeNode.Kind.BOOL, 0, "bool");
      case "string":
        return TypeNode.elementary(TypeNode.Kind.STRING, 0, "string");
      case "bytes":
        return TypeNode.elementary(TypeNode.Kind.BYTES, 0, "bytes");
      case "function":
        return TypeNode.elementary(TypeNode.Kind.FIXED_BYTES, 24, "function");
      case "uint":
        return TypeNode.elementary(TypeNode.Kind.UINT, 256, "uint256");
      case "int":
        return TypeNode.elementary(TypeNode.Kind.INT, 256, "int256");
      default:
        break;
    }
    if (base.startsWith("bytes")) {
      int n = number(base, 5);
      if (n >= 1 && n <= 32) {
        return TypeNode.elementary(TypeNode.Kind.FIXED_BYTES, n, "bytes" + n);
      }
    } else if (base.startsWith("uint")) {
      int n = number(base, 4);
      if (n >= 8 && n <= 256 && n % 8 == 0) {
        return TypeNode.elementary(TypeNode.Kind.UINT, n, "uint" + n);
      }
    } else if (base.startsWith("int")) {
      int n = number(base, 3);
      if (n >= 8 && n <= 256 && n % 8 == 0) {
        return TypeNode.elementary(TypeNode.Kind.INT, n, "int" + n);
      }
    } else if (base.matches("u?fixed([0-9]+x[0-9]+)?")) {
      throw new AbiException(
          Kind.UNSUPPORTED_TYPE,
          path,
          "fixed-point type '"
              + clip(rawType)
              + "' is not supported (Solidity cannot use it either)");
    }
    throw new AbiException(Kind.UNKNOWN_TYPE, path, "unknown type '" + clip(rawType) + "'");
  }

  /** The decimal number after {@code from}, or -1 if there is none or it has a leading zero. */
  private static int number(String s, int from) {
    int len = s.length() - from;
    if (len < 1 || len > 3 || s.charAt(from) == '0') {
      return -1;
    }
    int n = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static void checkStaticSize(TypeNode type, String path) throws AbiException {
    long size = type.kind == TypeNode.Kind.TUPLE ? type.tupleHeadSize() : type.headSize;
    if (size > MAX_STATIC_SIZE) {
      throw new AbiException(
          Kind.TOO_COMPLEX,
          path,
          "type '" + clip(type.canonical) + "' encodes to more than " + MAX_STATIC_SIZE + " bytes");
    }
  }

  /**
   * The key of each value: its name, or argN by position; duplicates are errors. Top-level names
   * that are position fields move aside with leading underscores.
   */
  private static List<String> fieldNames(List<Input> inputs, String path, boolean topLevel)
      throws AbiException {
    List<String> names = new ArrayList<>(inputs.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      String given = inputs.get(i).parameter().name();
      String key = given != null ? given : "arg" + i;
      Integer before = seen.putIfAbsent(key, i);
      if (before != null) {
        String other = path + "[" + before + "]";
        boolean generated = given == null || inputs.get(before).parameter().name() == null;
        throw new AbiException(
            Kind.DUPLICATE_NAME,
            path + "[" + (given != null ? i : before) + "].name",
            generated
                ? "input name '"
                    + key
                    + "' collides with the name given to unnamed input "
                    + (given == null ? path + "[" + i + "]" : other)
                : "duplicate input name '" + key + "' (also " + other + ")");
      }
      names.add(key);
    }
    if (topLevel) {
      Set<String> taken = new HashSet<>(names);
      taken.addAll(LogFields.RESERVED);
      for (int i = 0; i < names.size(); i++) {
        String key = names.get(i);
        if (LogFields.RESERVED.contains(key)) {
          String moved = "_" + key;
          while (taken.contains(moved)) {
            moved = "_" + moved;
          }
          taken.add(moved);
          names.set(i, moved);
        }
      }
    }
    return names;
  }

  /** headlong's event, from JSON we write from the checked parameters. */
  private static Event<Tuple> headlong(String name, boolean anonymous, List<AbiParameter> inputs)
      throws AbiException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("type", "event");
    root.put("name", name);
    root.put("anonymous", anonymous);
    root.set("inputs", headlongInputs(inputs, true));
    try {
      return Event.fromJson(root.toString());
    } catch (RuntimeException e) {
      // Our checks are meant to be stricter than headlong's; reaching here is a gap in them.
      throw new AbiException(
          Kind.UNKNOWN_TYPE, "inputs", "rejected by headlong: " + e.getMessage());
    }
  }

  private static ArrayNode headlongInputs(List<AbiParameter> inputs, boolean topLevel) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (AbiParameter p : inputs) {
      ObjectNode o = array.addObject();
      o.put("name", p.fieldName());
      o.put("type", p.type());
      if (topLevel) {
        o.put("indexed", p.indexed());
      }
      if (!p.components().isEmpty()) {
        o.set("components", headlongInputs(p.components(), false));
      }
    }
    return array;
  }

  private static String text(JsonNode node, String field, String path) throws AbiException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new AbiException(Kind.INVALID_FIELD, path, field + " must be a string");
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode node, String field, String path) throws AbiException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new AbiException(Kind.INVALID_FIELD, path, field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static void checkIdentifier(String name, String path, String what) throws AbiException {
    if (name.length() > MAX_NAME_LENGTH || !IDENTIFIER.matcher(name).matches()) {
      throw new AbiException(
          Kind.INVALID_NAME,
          path,
          what
              + " '"
              + clip(name)
              + "' is not a Solidity identifier (letters, digits, _ and $, not starting with a digit)");
    }
  }

  /** Keeps messages readable when the offending text is huge. */
  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
