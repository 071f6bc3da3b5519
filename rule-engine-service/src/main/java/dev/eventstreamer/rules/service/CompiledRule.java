package dev.eventstreamer.rules.service;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.Frame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.repository.StoredRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A stored rule ready to run: its event type test and every JSONata expression parsed once for its
 * version, each evaluated with a time and depth bound and {@code $rule} bound to the rule.
 */
public final class CompiledRule {

  private final StoredRule stored;
  private final Flavor flavor;
  private final boolean enabled;
  private final Predicate<String> eventType;
  private final List<Jsonata> filters;
  private final Map<String, Jsonata> expressions;
  private final Map<String, RuleFunction> functions;
  private final String emitType;
  private final Jsonata emitExpression;
  private final Object ruleValue;
  private final boolean compact;
  private final Jsonata compactGroup;
  private final Jsonata compactSort;
  private final Duration timeout;
  private final int maxDepth;

  private CompiledRule(StoredRule stored, Duration timeout, int maxDepth, RuleFunctions beans) {
    this.stored = stored;
    ObjectNode d = stored.definition();
    this.flavor =
        Flavor.of(d.path("flavor").asText())
            .orElseThrow(() -> new IllegalStateException("rule " + stored.id() + ": flavor"));
    this.enabled = d.path("enabled").asBoolean(true);
    this.eventType = eventType(d.get("event_type"));
    this.filters = new ArrayList<>();
    for (JsonNode filter : d.path("filters")) {
      filters.add(Jsonata.jsonata(filter.asText()));
    }
    this.expressions = new HashMap<>();
    for (String name : RuleRequests.EXPRESSIONS) {
      if (d.hasNonNull(name) && d.get(name).isTextual()) {
        expressions.put(name, Jsonata.jsonata(d.get(name).asText()));
      }
    }
    this.functions = new HashMap<>();
    RuleRequests.beans(d)
        .forEach(
            (field, bean) ->
                functions.put(
                    field,
                    beans
                        .find(bean)
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    field + " names the bean " + bean + ", which is not there"))));
    String emit = d.hasNonNull("emit") ? d.get("emit").asText() : null;
    if (emit != null && RuleRequests.isEventType(emit)) {
      this.emitType = emit;
      this.emitExpression = null;
    } else {
      this.emitType = null;
      this.emitExpression = emit == null ? null : Jsonata.jsonata(emit);
    }
    this.ruleValue = JsonValues.toPlain(d);
    JsonNode compactNode = d.path("compact");
    this.compact =
        compactNode.isObject() || (compactNode.isBoolean() && compactNode.booleanValue());
    this.compactGroup =
        compactNode.path("group").isTextual()
            ? Jsonata.jsonata(compactNode.get("group").asText())
            : null;
    this.compactSort =
        compactNode.path("sort").isTextual()
            ? Jsonata.jsonata(compactNode.get("sort").asText())
            : null;
    this.timeout = timeout;
    this.maxDepth = maxDepth;
  }

  /** The rule compiled; a definition that no longer parses (saved by an older version) throws. */
  public static CompiledRule of(
      StoredRule stored, Duration timeout, int maxDepth, RuleFunctions beans) {
    return new CompiledRule(stored, timeout, maxDepth, beans);
  }

  public String id() {
    return stored.id();
  }

  public int version() {
    return stored.version();
  }

  public Flavor flavor() {
    return flavor;
  }

  public boolean enabled() {
    return enabled;
  }

  public ObjectNode definition() {
    return stored.definition();
  }

  /** A flag of the rule ({@code throw_condition_failure}, ...), false when unset. */
  public boolean flag(String name) {
    return stored.definition().path(name).asBoolean(false);
  }

  /** A plain field of the rule (a name, a number), if set. */
  public Optional<JsonNode> field(String name) {
    JsonNode value = stored.definition().get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  public boolean has(String expression) {
    return expressions.containsKey(expression) || functions.containsKey(expression);
  }

  /** Whether the event type is one of the rule's. */
  public boolean matchesType(String type) {
    return type != null && eventType.test(type);
  }

  /** Whether every filter holds for the unit of work (no filters: true). */
  public boolean passesFilters(Map<String, Object> uow) {
    for (int i = 0; i < filters.size(); i++) {
      if (!JsonValues.truthy(run(filters.get(i), "filters[" + i + "]", uow, null))) {
        return false;
      }
    }
    return true;
  }

  /** The expression's result over the unit of work; null when the rule has none or it gave none. */
  @SuppressWarnings("unchecked")
  public Object evaluate(String expression, Map<String, Object> uow) {
    RuleFunction function = functions.get(expression);
    if (function != null) {
      try {
        return function.apply(uow, (Map<String, Object>) ruleValue);
      } catch (UowFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw new UowFailure(e.getClass().getSimpleName(), expression + ": " + e.getMessage(), e);
      }
    }
    Jsonata parsed = expressions.get(expression);
    return parsed == null ? null : run(parsed, expression, uow, null);
  }

  /** Whether the rule compacts a batch: one unit of work per group, the latest with the batch. */
  public boolean compacts() {
    return compact;
  }

  /** The compaction group of a unit of work: {@code compact.group}, else its partition key. */
  @SuppressWarnings("unchecked")
  public Object compactGroup(Map<String, Object> uow) {
    if (compactGroup != null) {
      return JsonValues.toJson(run(compactGroup, "compact.group", uow, null));
    }
    Object event = uow.get("event");
    return event instanceof Map<?, ?> e ? ((Map<String, Object>) e).get("partition_key") : null;
  }

  /** The order in a compaction group: {@code compact.sort}, else the event's timestamp. */
  @SuppressWarnings("unchecked")
  public Object compactSortKey(Map<String, Object> uow) {
    if (compactSort != null) {
      return run(compactSort, "compact.sort", uow, null);
    }
    Object event = uow.get("event");
    return event instanceof Map<?, ?> e ? ((Map<String, Object>) e).get("timestamp") : null;
  }

  /** The rule's {@code rate}: at most {@code num} units of work per {@code ms}, if set. */
  public Optional<int[]> rate() {
    JsonNode rate = stored.definition().get("rate");
    if (rate == null || !rate.isObject()) {
      return Optional.empty();
    }
    return Optional.of(new int[] {rate.path("num").asInt(), rate.path("ms").asInt()});
  }

  /** The emit's type, when the rule's {@code emit} is a type rather than an expression. */
  public Optional<String> emitType() {
    return Optional.ofNullable(emitType);
  }

  /**
   * The emit expression's result, {@code $template} bound to the event it would emit by default.
   */
  public Object evaluateEmit(Map<String, Object> uow, Map<String, Object> template) {
    return emitExpression == null ? null : run(emitExpression, "emit", uow, template);
  }

  private Object run(Jsonata expression, String field, Map<String, Object> uow, Object template) {
    Frame frame = expression.createFrame();
    frame.bind("rule", ruleValue);
    if (template != null) {
      frame.bind("template", template);
    }
    frame.setRuntimeBounds(timeout.toMillis(), maxDepth);
    try {
      return expression.evaluate(uow, frame);
    } catch (StackOverflowError e) {
      throw new UowFailure("ExpressionError", field + ": recursed too deep");
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new UowFailure("ExpressionError", field + ": " + message, e);
    }
  }

  private static Predicate<String> eventType(JsonNode node) {
    if (node == null || node.isNull()) {
      return type -> false;
    }
    if (node.isTextual()) {
      String type = node.asText();
      return type::equals;
    }
    if (node.isArray()) {
      Set<String> types = new HashSet<>();
      node.forEach(t -> types.add(t.asText()));
      return types::contains;
    }
    // As aws-lambda-stream's RegExp.test: found anywhere in the type, not matched as a whole.
    Pattern regex = Pattern.compile(node.path("regex").asText());
    return type -> regex.matcher(type).find();
  }
}
