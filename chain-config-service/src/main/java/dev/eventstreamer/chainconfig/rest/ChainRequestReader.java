package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.chainconfig.service.ChainChanges;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import java.util.ArrayList;
import java.util.List;

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
            reader.number("average_block_time"),
            reader.integer("confirmation_blocks"),
            reader.integer("max_blocks_per_request"),
            reader.integer("historical_max_chunk_size"),
            reader.integer("historical_max_retries"),
            reader.integer("historical_max_concurrent"),
            reader.integer("historical_progress_interval"),
            reader.integer("live_max_retries"),
            reader.integer("live_retry_delay"),
            reader.integer("live_reconnect_delay"),
            reader.bool("live_enable_gap_detection"),
            reader.integer("live_max_gap_size"),
            reader.integer("live_block_check_interval"),
            reader.integer("live_gap_fill_chunk_size"));
    if (!reader.violations.isEmpty()) {
      throw ProblemException.badRequest(reader.violations);
    }
    return changes;
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
      return wrong(field, "must be an integer");
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
      return wrong(field, "must be a number");
    }
    double d = value.doubleValue();
    return Double.isFinite(d) ? d : wrong(field, "is out of range");
  }

  private Boolean bool(String field) {
    JsonNode value = sent(field);
    if (value == null) {
      return null;
    }
    return value.isBoolean() ? value.booleanValue() : wrong(field, "must be true or false");
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
