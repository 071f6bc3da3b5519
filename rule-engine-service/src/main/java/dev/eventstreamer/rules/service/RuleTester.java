package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.CloudEventException;
import dev.eventstreamer.common.outbox.OutboxEvent;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/rules/{id}/test}: runs a stored rule over the events given, as it would run over
 * them from a channel (it reads the store as it is), inside a transaction that is rolled back, so
 * nothing is written, emitted or recorded.
 */
@ApplicationScoped
public class RuleTester {

  private final Pool pool;
  private final RuleSet rules;
  private final RuleEngine engine;
  private final ObjectMapper json;
  private final Faults errors;

  public RuleTester(Pool pool, RuleSet rules, RuleEngine engine, ObjectMapper json, Faults errors) {
    this.errors = errors;
    this.pool = pool;
    this.rules = rules;
    this.engine = engine;
    this.json = json;
  }

  /** The rolled-back transaction's answer travels out as this failure. */
  private static final class DryRun extends RuntimeException {
    final ObjectNode answer;

    DryRun(ObjectNode answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  public Uni<ObjectNode> test(String ruleId, JsonNode body) {
    List<Trigger> triggers = triggers(body);
    return rules
        .current()
        .chain(
            snapshot -> {
              CompiledRule rule =
                  snapshot
                      .rule(ruleId)
                      .orElseThrow(
                          () -> ProblemException.notFound("Rule " + ruleId + " not found"));
              ObjectNode answer = json.createObjectNode();
              answer.put("rule_id", ruleId);
              answer.put("matched", false);
              ArrayNode results = answer.putArray("results");
              return pool.withTransaction(
                      conn ->
                          Multi.createFrom()
                              .iterable(triggers)
                              .onItem()
                              .transformToUniAndConcatenate(
                                  trigger -> {
                                    if (!engine.runsOn(rule, trigger)) {
                                      results.add(result(trigger, null));
                                      return Uni.createFrom().voidItem();
                                    }
                                    return engine
                                        .runInSavepoint(conn, rule, trigger, null, false)
                                        .invoke(r -> results.add(result(trigger, r)))
                                        .replaceWithVoid();
                                  })
                              .collect()
                              .last()
                              .invoke(
                                  () -> {
                                    boolean matched = false;
                                    for (JsonNode r : results) {
                                      matched |= r.path("matched").asBoolean();
                                    }
                                    answer.put("matched", matched);
                                  })
                              .chain(() -> Uni.createFrom().<Void>failure(new DryRun(answer))))
                  .replaceWith(answer)
                  .onFailure(DryRun.class)
                  .recoverWithItem(failure -> ((DryRun) failure).answer);
            });
  }

  private ObjectNode result(Trigger trigger, RuleResult result) {
    ObjectNode node = json.createObjectNode();
    node.put("event_id", trigger.id());
    node.put("type", trigger.type());
    ArrayNode requests = json.createArrayNode();
    ArrayNode emitted = json.createArrayNode();
    ArrayNode faults = json.createArrayNode();
    boolean matched = false;
    if (result != null) {
      matched = result.output().isMatched() || result.failure() != null;
      for (RuleEffect effect : result.output().effects()) {
        ObjectNode request = json.createObjectNode();
        request.put("kind", effect.kind());
        request.set("request", effect.request());
        requests.add(request);
      }
      for (OutboxEvent event : result.output().emittedEvents()) {
        emitted.add(emitted(event));
      }
      if (result.failure() != null) {
        faults.add(errors.error(result.failure()));
      }
    }
    node.put("matched", matched);
    node.set("requests", requests);
    node.set("emitted", emitted);
    node.set("faults", faults);
    return node;
  }

  private ObjectNode emitted(OutboxEvent event) {
    ObjectNode node = json.createObjectNode();
    node.put("id", event.id());
    node.put("type", event.type());
    node.put("partition_key", event.key());
    node.put("time", event.time() == null ? null : event.time().toString());
    try {
      node.set("data", json.readTree(event.data()));
    } catch (IOException e) {
      throw new IllegalStateException("an emitted event holds no JSON", e);
    }
    return node;
  }

  private List<Trigger> triggers(JsonNode body) {
    List<JsonNode> events = new ArrayList<>();
    String field;
    if (body != null && body.has("event")) {
      field = "event";
      events.add(body.get("event"));
    } else if (body != null && body.path("events").isArray() && body.get("events").size() > 0) {
      field = "events";
      body.get("events").forEach(events::add);
    } else {
      throw ProblemException.badRequest(
          List.of(
              Violation.body(
                  "event",
                  "give {\"event\": CloudEvent} or {\"events\": [CloudEvent, ...]} (structured"
                      + " JSON)")));
    }
    List<Trigger> triggers = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      String where = field.equals("event") ? "event" : "events[" + i + "]";
      JsonNode event = events.get(i);
      if (!event.isObject()) {
        violations.add(Violation.body(where, "must be a CloudEvent in structured JSON"));
        continue;
      }
      try {
        triggers.add(Trigger.ofRecord(event));
      } catch (CloudEventException e) {
        violations.add(Violation.body(where, e.getMessage()));
      }
    }
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
    return triggers;
  }
}
