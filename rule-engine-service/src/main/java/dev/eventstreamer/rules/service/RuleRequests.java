package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.problem.JsonKinds;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.rules.Flavor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a rule when it is saved (API.md, Rules): each field that is missing, unknown to its
 * flavor, of the wrong kind, a JSONata expression that does not parse or a regex that does not
 * compile is a violation naming the field, so a rule that is stored can run.
 */
public final class RuleRequests {

  /** API.md's rule id. */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  // An emit that is a type (as aws-lambda-stream's emit string); anything else is JSONata.
  private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

  private static final int MAX_DESCRIPTION = 2_000;
  private static final int MAX_PARALLEL = 64;

  private static final Set<String> COMMON =
      Set.of("id", "flavor", "description", "enabled", "event_type", "filters", "parallel", "rate");
  // What a client read and sends back whole with a PUT; the server sets these itself.
  private static final Set<String> SERVER_SET = Set.of("version", "created_at", "updated_at");

  /** The fields that hold a JSONata expression (besides filters and an emit that is no type). */
  static final Set<String> EXPRESSIONS =
      Set.of(
          "expression",
          "correlation_key",
          "to_update_request",
          "to_fallback_update_request",
          "split_on",
          "to_event",
          "to_message",
          "to_put_request",
          "to_get_request",
          "to_delete_request",
          "to_query_request");

  private static final Set<String> NAMES =
      Set.of("correlation_key_suffix", "bucket_name", "topic_arn", "queue_url");
  private static final Set<String> FLAGS =
      Set.of("throw_condition_failure", "skip_latched", "include_self");

  private RuleRequests() {}

  /**
   * The names of the CDI beans the rule's expression fields name ({@code {"bean": ...}}), by field.
   */
  public static java.util.Map<String, String> beans(JsonNode rule) {
    java.util.Map<String, String> beans = new java.util.LinkedHashMap<>();
    for (String field : EXPRESSIONS) {
      JsonNode node = rule.path(field);
      if (node.isObject() && node.path("bean").isTextual()) {
        beans.put(field, node.get("bean").asText());
      }
    }
    return beans;
  }

  /** Whether an {@code emit} names the type to emit rather than being an expression. */
  public static boolean isEventType(String emit) {
    return EVENT_TYPE.matcher(emit).matches();
  }

  /**
   * The rule in {@code body}; {@code pathId} is the id of a PUT's path (the body's id, if any, must
   * be the same), null for a POST.
   *
   * @throws ProblemException 400 naming every bad field
   */
  public static RuleDraft parse(JsonNode body, String pathId) {
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest(
          List.of(Violation.body("", "must be a JSON object (a rule)")));
    }
    ObjectNode rule = ((ObjectNode) body).deepCopy();
    SERVER_SET.forEach(rule::remove);
    Check check = new Check(rule);

    String id = pathId;
    if (pathId == null || rule.has("id")) {
      String sent = check.name("id", true);
      if (sent != null && !ID.matcher(sent).matches()) {
        check.reject("id", "must match " + ID.pattern());
      } else if (sent != null && pathId != null && !sent.equals(pathId)) {
        check.reject("id", "must be the id of the path (" + pathId + "), or left out");
      }
      id = pathId != null ? pathId : sent;
    }
    rule.put("id", id);

    Flavor flavor = null;
    String flavorName = check.name("flavor", true);
    if (flavorName != null) {
      flavor = Flavor.of(flavorName).orElse(null);
      if (flavor == null) {
        check.reject("flavor", "must be one of " + Flavor.names() + ", not " + flavorName);
      }
    }
    if (rule.has("description") && !rule.get("description").isNull()) {
      String description = check.text("description");
      if (description != null && description.length() > MAX_DESCRIPTION) {
        check.reject("description", "must be at most " + MAX_DESCRIPTION + " characters");
      }
    }
    boolean enabled = true;
    if (rule.has("enabled")) {
      Boolean sent = check.bool("enabled");
      enabled = sent == null || sent;
    }
    rule.put("enabled", enabled);
    check.eventType();
    check.filters();
    if (rule.has("parallel")) {
      check.integer("parallel", 1, MAX_PARALLEL);
    }
    if (rule.has("rate")) {
      check.rate();
    }

    if (flavor != null) {
      checkFlavorFields(check, rule, flavor);
    }
    if (!check.violations.isEmpty()) {
      throw ProblemException.badRequest(check.violations);
    }
    return new RuleDraft(id, flavor, enabled, rule);
  }

  private static void checkFlavorFields(Check check, ObjectNode rule, Flavor flavor) {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = rule.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!COMMON.contains(name) && !flavor.fields().contains(name)) {
        unknown.add(name);
      }
    }
    for (String name : unknown) {
      check.reject(
          name,
          "is not a field of a "
              + flavor.value()
              + " rule (its fields: "
              + String.join(", ", new TreeSet<>(flavor.fields()))
              + ")");
    }
    for (String name : new TreeSet<>(flavor.required())) {
      if (!rule.has(name) || rule.get(name).isNull()) {
        check.reject(name, "is required for a " + flavor.value() + " rule");
      }
    }
    for (Map.Entry<String, JsonNode> field : rule.properties()) {
      String name = field.getKey();
      if (unknown.contains(name) || field.getValue().isNull()) {
        continue;
      }
      if (EXPRESSIONS.contains(name)) {
        check.expression(name, field.getValue());
      } else if (NAMES.contains(name)) {
        check.name(name, false);
      } else if (FLAGS.contains(name)) {
        check.bool(name);
      }
    }
    if (rule.has("emit") && !rule.get("emit").isNull()) {
      check.emit();
    }
    if (rule.has("ttl") && !rule.get("ttl").isNull()) {
      check.ttl();
    }
    if (rule.has("expire") && !rule.get("expire").isNull()) {
      check.expire();
    }
    if (rule.has("compact") && !rule.get("compact").isNull()) {
      check.compact();
    }
    if (flavor == Flavor.S3
        && !rule.hasNonNull("to_put_request")
        && !rule.hasNonNull("to_get_request")
        && !rule.hasNonNull("to_delete_request")) {
      check.reject(
          "to_put_request",
          "an s3 rule needs at least one of to_put_request, to_get_request, to_delete_request");
    }
  }

  /** The checks of one body, collecting every violation. */
  private static final class Check {

    private final ObjectNode rule;
    private final List<Violation> violations = new ArrayList<>();

    Check(ObjectNode rule) {
      this.rule = rule;
    }

    void reject(String field, String message) {
      violations.add(Violation.body(field, message));
    }

    /** A non-empty string; null (after a violation if required) when absent. */
    String name(String field, boolean required) {
      JsonNode node = rule.get(field);
      if (node == null || node.isNull()) {
        if (required) {
          reject(field, "is required");
        }
        return null;
      }
      String text = text(field);
      if (text != null && text.isBlank()) {
        reject(field, "must not be blank");
        return null;
      }
      return text;
    }

    String text(String field) {
      return text(field, rule.get(field));
    }

    String text(String field, JsonNode node) {
      if (!node.isTextual()) {
        reject(field, "must be a string, not " + JsonKinds.of(node));
        return null;
      }
      return node.textValue();
    }

    Boolean bool(String field) {
      JsonNode node = rule.get(field);
      if (!node.isBoolean()) {
        reject(field, "must be true or false, not " + JsonKinds.of(node));
        return null;
      }
      return node.booleanValue();
    }

    void integer(String field, long min, long max) {
      integer(field, rule.get(field), min, max);
    }

    void integer(String field, JsonNode node, long min, long max) {
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        reject(field, "must be a whole number, not " + JsonKinds.of(node));
      } else if (node.longValue() < min || node.longValue() > max) {
        reject(field, "must be between " + min + " and " + max);
      }
    }

    void expression(String field, JsonNode node) {
      // A CDI bean in place of the expression: {"bean": "<name>"} (that it exists is checked on
      // save).
      if (node.isObject()) {
        if (node.size() != 1
            || !node.path("bean").isTextual()
            || node.get("bean").asText().isBlank()) {
          reject(field, "must be a JSONata expression or {\"bean\": \"<name>\"}");
        }
        return;
      }
      String text = text(field, node);
      if (text == null) {
        return;
      }
      if (text.isBlank()) {
        reject(field, "must not be blank");
        return;
      }
      Expressions.parse(text).failure().ifPresent(error -> reject(field, error));
    }

    void eventType() {
      JsonNode node = rule.get("event_type");
      if (node == null || node.isNull()) {
        reject("event_type", "is required (a type, a list of types or {\"regex\": \"...\"})");
      } else if (node.isTextual()) {
        name("event_type", true);
      } else if (node.isArray()) {
        if (node.isEmpty()) {
          reject("event_type", "must list at least one type");
        }
        for (int i = 0; i < node.size(); i++) {
          JsonNode type = node.get(i);
          if (!type.isTextual() || type.textValue().isBlank()) {
            reject(
                "event_type[" + i + "]", "must be a non-blank string, not " + JsonKinds.of(type));
          }
        }
      } else if (node.isObject()) {
        JsonNode regex = node.get("regex");
        if (node.size() != 1 || regex == null) {
          reject("event_type", "as an object must be {\"regex\": \"...\"} and nothing else");
        } else if (!regex.isTextual() || regex.textValue().isEmpty()) {
          reject("event_type.regex", "must be a non-empty string, not " + JsonKinds.of(regex));
        } else {
          try {
            Pattern.compile(regex.textValue());
          } catch (PatternSyntaxException e) {
            reject(
                "event_type.regex",
                "is not a valid regex (at index " + e.getIndex() + ": " + e.getDescription() + ")");
          }
        }
      } else {
        reject(
            "event_type",
            "must be a type, a list of types or {\"regex\": \"...\"}, not " + JsonKinds.of(node));
      }
    }

    void filters() {
      JsonNode node = rule.get("filters");
      if (node == null || node.isNull()) {
        return;
      }
      if (!node.isArray()) {
        reject("filters", "must be a list of JSONata expressions, not " + JsonKinds.of(node));
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        expression("filters[" + i + "]", node.get(i));
      }
    }

    void rate() {
      JsonNode node = rule.get("rate");
      if (!node.isObject() || !node.has("num") || !node.has("ms") || node.size() != 2) {
        reject("rate", "must be {\"num\": events, \"ms\": per so many milliseconds}");
        return;
      }
      integer("rate.num", node.get("num"), 1, Integer.MAX_VALUE);
      integer("rate.ms", node.get("ms"), 1, Integer.MAX_VALUE);
    }

    void emit() {
      String text = text("emit");
      if (text == null) {
        return;
      }
      if (text.isBlank()) {
        reject("emit", "must not be blank");
      } else if (!EVENT_TYPE.matcher(text).matches()) {
        Expressions.parse(text).failure().ifPresent(error -> reject("emit", error));
      }
    }

    void ttl() {
      JsonNode node = rule.get("ttl");
      if (!node.isNumber() || node.doubleValue() <= 0) {
        reject("ttl", "must be a positive number of days, not " + JsonKinds.of(node));
      }
    }

    void expire() {
      JsonNode node = rule.get("expire");
      if (!node.isBoolean() && !(node.isTextual() && !node.textValue().isBlank())) {
        reject(
            "expire",
            "must be true, false or the type of the expired event, not " + JsonKinds.of(node));
      }
    }

    void compact() {
      JsonNode node = rule.get("compact");
      if (node.isBoolean()) {
        return;
      }
      if (!node.isObject()) {
        reject(
            "compact",
            "must be true, false or {\"group\": ..., \"sort\": ...}, not " + JsonKinds.of(node));
        return;
      }
      for (Map.Entry<String, JsonNode> part : node.properties()) {
        String field = "compact." + part.getKey();
        if (!part.getKey().equals("group") && !part.getKey().equals("sort")) {
          reject(field, "is not a field of compact (group, sort)");
        } else if (!part.getValue().isNull()) {
          expression(field, part.getValue());
        }
      }
    }
  }
}
