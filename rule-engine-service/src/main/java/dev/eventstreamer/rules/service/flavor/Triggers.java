package dev.eventstreamer.rules.service.flavor;

import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What aws-lambda-stream's complex step makes of a rule's {@code expression}: no expression, or a
 * true result, triggers on the event itself; an object on that object; a list on its items; false,
 * nothing or an empty list on nothing.
 */
final class Triggers {

  private Triggers() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> of(
      RuleRun run, Map<String, Object> uow, Map<String, Object> event) {
    if (!run.rule().has("expression")) {
      return List.of(event);
    }
    Object result = run.rule().evaluate("expression", uow);
    uow.put("expression", JsonValues.truthy(result));
    if (result instanceof Map<?, ?> map) {
      return List.of((Map<String, Object>) map);
    }
    if (result instanceof List<?> list) {
      List<Map<String, Object>> triggers = new ArrayList<>();
      for (Object item : list) {
        if (item instanceof Map<?, ?> map) {
          triggers.add((Map<String, Object>) map);
        }
      }
      return triggers;
    }
    return JsonValues.truthy(result) ? List.of(event) : List.of();
  }
}
