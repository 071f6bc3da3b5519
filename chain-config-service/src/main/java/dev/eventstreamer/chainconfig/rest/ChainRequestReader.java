package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.chainconfig.service.ChainChanges;
import dev.eventstreamer.chainconfig.service.IngestionSetting;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a chain request body in either shape (schema package or SDK README), checking each sent
 * field's JSON type; unknown fields are ignored, {@code null} counts as not sent. The range rules
 * are the service's.
 */
final class ChainRequestReader {

  private final JsonNode body;
  private final List<Violation> violations = new ArrayList<>();

  private ChainRequestReader(JsonNode body) {
    this.body = body;
  }

  /**
   * The changes {@code body} sends.
   *
   * @throws ProblemException 400 naming every field of the wrong type
   */
  static ChainChanges read(JsonNode body) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      throw ProblemException.badRequest(
          List.of(Violation.body("", "must be a JSON object with the chain's settings")));
    }
    if (!body.isObject()) {
      throw ProblemException.badRequest(List.of(Violation.body("", "must be a JSON object")));
    }
    ChainRequestReader reader = new ChainRequestReader(body);
    ChainChanges changes =
        new ChainChanges(
            reader.longValue("chain_id"),
            reader.text("name"),
            reader.text("historical_rpc_url"),
            reader.texts("rpc_urls"),
            reader.text("live_websocket_url"),
            reader.integer("max_blocks_per_request"),
            reader.ingestion());
    if (!reader.violations.isEmpty()) {
      throw ProblemException.badRequest(reader.violations);
    }
    return changes;
  }

  private Map<IngestionSetting, Object> ingestion() {
    Map<IngestionSetting, Object> sent = new EnumMap<>(IngestionSetting.class);
    for (IngestionSetting setting : IngestionSetting.values()) {
      Object value =
          switch (setting.kind()) {
            case INTEGER -> integer(setting.field());
            case NUMBER -> number(setting.field());
            case BOOLEAN -> bool(setting.field());
          };
      if (value != null) {
        sent.put(setting, value);
      }
    }
    return sent;
  }

  private JsonNode sent(String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private Long longValue(String field) {
    JsonNode value = sent(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      return wrong(field, "must be an integer");
    }
    if (!value.canConvertToLong()) {
      return wrong(field, "is out of range (at most " + Long.MAX_VALUE + ")");
    }
    return value.longValue();
  }

  private Integer integer(String field) {
    JsonNode value = sent(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      return wrong(field, IngestionSetting.Kind.INTEGER.expected());
    }
    if (!value.canConvertToInt()) {
      return wrong(field, "is out of range");
    }
    return value.intValue();
  }

  private Double number(String field) {
    JsonNode value = sent(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      return wrong(field, IngestionSetting.Kind.NUMBER.expected());
    }
    double d = value.doubleValue();
    return Double.isFinite(d) ? d : wrong(field, "is out of range");
  }

  private Boolean bool(String field) {
    JsonNode value = sent(field);
    if (value == null) {
      return null;
    }
    return value.isBoolean()
        ? value.booleanValue()
        : wrong(field, IngestionSetting.Kind.BOOLEAN.expected());
  }

  private String text(String field) {
    JsonNode value = sent(field);
    if (value == null) {
      return null;
    }
    return value.isTextual() ? value.textValue() : wrong(field, "must be a string");
  }

  private List<String> texts(String field) {
    JsonNode value = sent(field);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      return wrong(field, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (item.isTextual()) {
        out.add(item.textValue());
      } else {
        wrong(field + "[" + i + "]", "must be a string");
      }
    }
    return out;
  }

  private <T> T wrong(String field, String message) {
    violations.add(Violation.body(field, message));
    return null;
  }
}
