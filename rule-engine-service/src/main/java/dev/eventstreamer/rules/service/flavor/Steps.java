package dev.eventstreamer.rules.service.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.outbox.OutboxEvent;
import dev.eventstreamer.rules.service.CompiledRule;
import dev.eventstreamer.rules.service.Emits;
import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleRun;
import dev.eventstreamer.rules.service.UowFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The steps several flavors share: split, emit, the time to live of stored rows. */
final class Steps {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Steps() {}

  /**
   * The units of work of {@code split_on}: one per item of the list it returns, the item as {@code
   * split}, with {@code split_on_total} and {@code split_on_item_number} (from 1); without {@code
   * split_on}, the unit itself.
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> split(RuleRun run, Map<String, Object> uow) {
    CompiledRule rule = run.rule();
    if (!rule.has("split_on")) {
      return List.of(uow);
    }
    Object result = rule.evaluate("split_on", uow);
    if (result == null) {
      throw new UowFailure("SplitError", "split_on: gave nothing to split");
    }
    List<Object> items = result instanceof List<?> list ? (List<Object>) list : List.of(result);
    List<Map<String, Object>> units = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> unit = new LinkedHashMap<>(uow);
      unit.put("split", items.get(i));
      unit.put("split_on_total", items.size());
      unit.put("split_on_item_number", i + 1);
      units.add(unit);
    }
    return units;
  }

  /**
   * Emits the rule's events for {@code uow}: the rule's type over the template, or what its emit
   * expression returns ({@code $template} bound).
   */
  static void emit(
      RuleRun run,
      Map<String, Object> uow,
      Map<String, Object> event,
      List<Map<String, Object>> triggers,
      String baseId) {
    CompiledRule rule = run.rule();
    Map<String, Object> template = Emits.template(event, rule.emitType().orElse(null), triggers);
    JsonNode emitted =
        rule.emitType().isPresent()
            ? JsonValues.toJson(template)
            : JsonValues.toJson(rule.evaluateEmit(uow, template));
    publish(run, emitted, baseId, template);
  }

  /** Emits {@code events} (an event, a list of them, or nothing) as they are. */
  static void publish(RuleRun run, JsonNode events, String baseId, Map<String, Object> fallback) {
    for (OutboxEvent out : Emits.of(events, baseId, fallback)) {
      run.output().emit(out);
    }
  }

  /** aws-lambda-stream's ttl: the event's time in seconds plus the days (a fraction counts). */
  static long ttl(long timestampMs, double days) {
    return Math.floorDiv(timestampMs, 1000) + Math.round(days * 86_400);
  }

  /** The rule's {@code expire}: true or a type; false and unset store none. */
  static JsonNode expire(RuleRun run) {
    return run.rule().field("expire").filter(e -> !e.isBoolean() || e.booleanValue()).orElse(null);
  }

  /** A text the rule computed (a correlation key), or a fault when it is none. */
  static String text(Object value, String field) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    if (value instanceof Number n) {
      JsonNode node = JsonValues.toJson(n);
      return node.asText();
    }
    throw new UowFailure("InvalidResult", field + ": must give a non-empty text, not " + value);
  }
}
