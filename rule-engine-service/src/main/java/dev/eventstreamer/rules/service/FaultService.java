package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.outbox.Outbox;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.rules.repository.FaultRepository;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.repository.StoredFault;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Faults (API.md, Fault), and their resubmission: the fault's record runs again through its rule as
 * the rule is now. When it succeeds, its writes and emits happen as they would have the first time
 * (same ids) and the fault is {@code succeeded}; when it fails, the fault stays {@code open} with
 * the new error.
 */
@ApplicationScoped
public class FaultService {

  private final Pool pool;
  private final FaultRepository faults;
  private final StoreRepository store;
  private final RuleSet rules;
  private final RuleEngine engine;
  private final ObjectMapper json;
  private final Faults errors;

  public FaultService(
      Faults errors,
      Pool pool,
      FaultRepository faults,
      StoreRepository store,
      RuleSet rules,
      RuleEngine engine,
      ObjectMapper json) {
    this.errors = errors;
    this.pool = pool;
    this.faults = faults;
    this.store = store;
    this.rules = rules;
    this.engine = engine;
    this.json = json;
  }

  public Uni<ObjectNode> get(UUID id) {
    return faults
        .find(pool, id, false)
        .map(found -> faults.json(found.orElseThrow(() -> notFound(id))));
  }

  public Uni<ObjectNode> list(String ruleId, String status, int page, int pageSize) {
    return faults
        .count(pool, ruleId, status)
        .chain(
            total ->
                faults
                    .list(pool, ruleId, status, pageSize, (long) (page - 1) * pageSize)
                    .map(
                        found -> {
                          ObjectNode answer = json.createObjectNode();
                          var items = answer.putArray("faults");
                          found.forEach(f -> items.add(faults.json(f)));
                          answer.put("total", total);
                          answer.put("page", page);
                          answer.put("page_size", pageSize);
                          return answer;
                        }));
  }

  /** Resubmits one fault; the fault after the run. */
  public Uni<ObjectNode> resubmit(UUID id) {
    return rules
        .current()
        .chain(
            snapshot ->
                pool.withTransaction(
                    conn ->
                        faults
                            .find(conn, id, true)
                            .chain(
                                found -> {
                                  StoredFault fault = found.orElseThrow(() -> notFound(id));
                                  if ("succeeded".equals(fault.status())) {
                                    return Uni.createFrom().voidItem();
                                  }
                                  CompiledRule rule =
                                      snapshot
                                          .rule(fault.ruleId())
                                          .orElseThrow(
                                              () ->
                                                  ProblemException.conflict(
                                                      "Rule "
                                                          + fault.ruleId()
                                                          + " no longer exists; the fault cannot"
                                                          + " run again"));
                                  return rerun(conn, fault, rule);
                                })))
        .chain(() -> get(id));
  }

  /** Resubmits every open fault of a rule, oldest first. */
  public Uni<ObjectNode> resubmitAll(String ruleId) {
    return faults
        .openOf(pool, ruleId)
        .chain(
            ids -> {
              int[] counts = new int[2];
              return Multi.createFrom()
                  .iterable(ids)
                  .onItem()
                  .transformToUniAndConcatenate(
                      id ->
                          resubmit(id)
                              .invoke(
                                  after -> {
                                    if ("succeeded".equals(after.path("status").asText())) {
                                      counts[0]++;
                                    } else {
                                      counts[1]++;
                                    }
                                  }))
                  .collect()
                  .last()
                  .map(
                      ignored -> {
                        ObjectNode answer = json.createObjectNode();
                        answer.put("resubmitted", ids.size());
                        answer.put("succeeded", counts[0]);
                        answer.put("failed", counts[1]);
                        return answer;
                      });
            });
  }

  private Uni<Void> rerun(SqlClient conn, StoredFault fault, CompiledRule rule) {
    Trigger trigger = Trigger.ofRecord(fault.record());
    return store
        .outcome(conn, trigger.appliedKey(), rule.id())
        .chain(
            outcome -> {
              if (outcome.equals(Optional.of("done"))) {
                // Applied since (a redelivery after a fix): nothing is left to do.
                return faults.resubmitted(conn, fault.id(), "succeeded", null);
              }
              return engine
                  .runInSavepoint(conn, rule, trigger, null, false)
                  .chain(
                      result -> {
                        if (result.failure() != null) {
                          return faults.resubmitted(
                              conn, fault.id(), "open", errors.error(result.failure()));
                        }
                        return Outbox.appendAll(conn, result.output().events())
                            .chain(
                                () ->
                                    store.markAppliedAll(
                                        conn,
                                        Map.of(
                                            trigger.appliedKey(),
                                            List.<String[]>of(new String[] {rule.id(), "done"}))))
                            .chain(() -> faults.resubmitted(conn, fault.id(), "succeeded", null));
                      });
            });
  }

  private static ProblemException notFound(UUID id) {
    return ProblemException.notFound("Fault " + id + " not found");
  }
}
