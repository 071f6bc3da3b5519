package dev.eventstreamer.common.abi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.abi.AbiException.Kind;
import dev.eventstreamer.common.abi.impl.EventCodec;
import dev.eventstreamer.common.abi.impl.EventParser;
import java.util.List;

/**
 * Entry points: parse an event ABI (from text, a Jackson tree or mapped records), build decoders.
 */
public final class Abi {

  // Event ABIs come from users: bound what the JSON reader will take before our checks run.
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(200)
                .maxStringLength(1_000_000)
                .maxNumberLength(100)
                .build());
  }

  private Abi() {}

  /** Parses and checks a JSON event ABI such as a subscription's {@code event_signature}. */
  public static AbiEvent parseEvent(String json) throws AbiException {
    return EventParser.parse(readTree(json)).event();
  }

  /** Parses and checks an event ABI already read as a Jackson tree. */
  public static AbiEvent parseEvent(JsonNode json) throws AbiException {
    return EventParser.parse(json).event();
  }

  /** Checks an event ABI already mapped to records (e.g. a request body's field). */
  public static AbiEvent parseEvent(AbiEventJson json) throws AbiException {
    return EventParser.parse(toTree(json)).event();
  }

  /** A decoder for logs of a JSON event ABI. */
  public static LogDecoder decoder(String json) throws AbiException {
    return new LogDecoder(new EventCodec(EventParser.parse(readTree(json))));
  }

  /** A decoder for logs of a parsed event; build it once and share it between threads. */
  public static LogDecoder decoder(AbiEvent event) throws AbiException {
    // Records can be made by hand: the event is checked again rather than trusted.
    return new LogDecoder(new EventCodec(EventParser.parse(toTree(event))));
  }

  /** A decoder for logs of an event ABI given as a Jackson tree. */
  public static LogDecoder decoder(JsonNode json) throws AbiException {
    return new LogDecoder(new EventCodec(EventParser.parse(json)));
  }

  /** The event as the JSON ABI of API.md, e.g. to store it or hand it to other tools. */
  public static ObjectNode toJson(AbiEvent event) {
    return toTree(event);
  }

  private static JsonNode readTree(String json) throws AbiException {
    if (json == null) {
      throw new AbiException(Kind.MALFORMED_JSON, "", "no JSON given");
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new AbiException(Kind.MALFORMED_JSON, "", "no JSON given");
      }
      return node;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new AbiException(
          Kind.MALFORMED_JSON,
          "",
          "not valid JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
  }

  private static ObjectNode toTree(AbiEvent event) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("type", "event");
    root.put("name", event.name());
    root.set("inputs", parameters(event.inputs(), true));
    root.put("anonymous", event.anonymous());
    return root;
  }

  private static ArrayNode parameters(List<AbiParameter> params, boolean topLevel) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (AbiParameter p : params) {
      ObjectNode o = array.addObject();
      o.put("name", p.name() == null ? "" : p.name());
      o.put("type", p.type());
      if (topLevel) {
        o.put("indexed", p.indexed());
      }
      if (!p.components().isEmpty()) {
        o.set("components", parameters(p.components(), false));
      }
    }
    return array;
  }

  private static JsonNode toTree(AbiEventJson json) {
    if (json == null) {
      return null;
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    putText(root, "type", json.type());
    putText(root, "name", json.name());
    if (json.inputs() != null) {
      root.set("inputs", inputs(json.inputs()));
    }
    if (json.anonymous() != null) {
      root.put("anonymous", json.anonymous());
    }
    return root;
  }

  private static ArrayNode inputs(List<AbiInputJson> inputs) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (AbiInputJson in : inputs) {
      if (in == null) {
        array.addNull();
        continue;
      }
      ObjectNode o = array.addObject();
      putText(o, "name", in.name());
      putText(o, "type", in.type());
      if (in.indexed() != null) {
        o.put("indexed", in.indexed());
      }
      if (in.components() != null) {
        o.set("components", inputs(in.components()));
      }
    }
    return array;
  }

  private static void putText(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
