package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.rules.repository.RuleRepository;
import dev.eventstreamer.rules.repository.StoredRule;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Rules as data: each saved only once it is checked, and answered as API.md's Rule. */
@ApplicationScoped
public class RuleService {

  private final RuleRepository rules;
  private final RuleFunctions functions;

  public RuleService(RuleRepository rules, RuleFunctions functions) {
    this.rules = rules;
    this.functions = functions;
  }

  public Uni<ObjectNode> create(JsonNode body) {
    RuleDraft draft = RuleRequests.parse(body, null);
    functions.requireAll(draft);
    return rules
        .insert(draft)
        .map(
            stored ->
                stored
                    .map(RuleService::answer)
                    .orElseThrow(
                        () ->
                            ProblemException.conflict(
                                "Rule " + draft.id() + " already exists; PUT changes it")));
  }

  public Uni<ObjectNode> replace(String id, JsonNode body) {
    RuleDraft draft = RuleRequests.parse(body, id);
    functions.requireAll(draft);
    return rules
        .update(draft)
        .map(stored -> stored.map(RuleService::answer).orElseThrow(() -> notFound(id)));
  }

  public Uni<ObjectNode> get(String id) {
    return rules
        .find(id)
        .map(stored -> stored.map(RuleService::answer).orElseThrow(() -> notFound(id)));
  }

  public Uni<Void> delete(String id) {
    return rules
        .delete(id)
        .invoke(
            deleted -> {
              if (!deleted) {
                throw notFound(id);
              }
            })
        .replaceWithVoid();
  }

  public Uni<RuleList> list(String flavor, Boolean enabled, int page, int pageSize) {
    return rules
        .list(flavor, enabled, page, pageSize)
        .map(
            found ->
                new RuleList(
                    found.rules().stream().map(RuleService::answer).toList(),
                    found.total(),
                    page,
                    pageSize));
  }

  static ProblemException notFound(String id) {
    return ProblemException.notFound("Rule " + id + " not found");
  }

  private static ObjectNode answer(StoredRule stored) {
    ObjectNode rule = stored.definition().deepCopy();
    rule.put("version", stored.version());
    rule.put("created_at", Timestamps.format(stored.createdAt()));
    rule.put("updated_at", Timestamps.format(stored.updatedAt()));
    return rule;
  }

  /** API.md's rule listing; {@code page} is 1-based. */
  public record RuleList(
      @JsonProperty("rules") List<ObjectNode> rules,
      @JsonProperty("total") long total,
      @JsonProperty("page") int page,
      @JsonProperty("page_size") int pageSize) {}
}
