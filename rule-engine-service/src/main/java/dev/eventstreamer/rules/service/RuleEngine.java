package dev.eventstreamer.rules.service;

import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.outbox.Outbox;
import dev.eventstreamer.common.outbox.OutboxEvent;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.service.flavor.FlavorRunner;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every rule in force over each event, as aws-lambda-stream fans a batch out to its rules.
 *
 * <p>One transaction per event holds everything the rules do with it: each rule's writes (in a
 * savepoint of its own, so a rule that fails leaves nothing), the events they emit and the changes
 * they make (outbox rows, relayed once it commits), their faults, and the (rule, event) pairs
 * applied, so a redelivered event changes nothing and emits nothing new. A failure inside a rule's
 * unit of work is a fault of that rule and the others go on; a failure of the database fails the
 * whole event, which then comes again.
 */
@ApplicationScoped
public class RuleEngine {

  private final Pool pool;
  private final RuleSet rules;
  private final StoreRepository store;
  private final Faults faults;
  private final RuleStats stats;
  private final Map<Flavor, FlavorRunner> runners = new EnumMap<>(Flavor.class);

  public RuleEngine(
      Pool pool,
      RuleSet rules,
      StoreRepository store,
      Faults faults,
      RuleStats stats,
      Instance<FlavorRunner> runners) {
    this.pool = pool;
    this.rules = rules;
    this.store = store;
    this.faults = faults;
    this.stats = stats;
    runners.forEach(r -> this.runners.put(r.flavor(), r));
  }

  /** Applies every rule in force to the event, once. */
  public Uni<Void> apply(EventEnvelope envelope) {
    Trigger trigger = Trigger.of(envelope);
    return rules
        .current()
        .chain(
            snapshot -> {
              List<CompiledRule> candidates = new ArrayList<>();
              for (CompiledRule rule : snapshot.enabled()) {
                if (runsOn(rule, trigger)) {
                  candidates.add(rule);
                }
              }
              if (candidates.isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              return pool.withTransaction(conn -> applyAll(conn, trigger, candidates));
            });
  }

  /** Whether the rule's flavor consumes this kind of event (channel events, or store changes). */
  public boolean runsOn(CompiledRule rule, Trigger trigger) {
    FlavorRunner runner = runners.get(rule.flavor());
    return runner != null && (trigger.isChange() ? runner.onChanges() : runner.onEvents());
  }

  private Uni<Void> applyAll(SqlClient conn, Trigger trigger, List<CompiledRule> candidates) {
    List<String> ids = candidates.stream().map(CompiledRule::id).toList();
    return store
        .applied(conn, trigger.appliedKey(), ids)
        .chain(
            done -> {
              List<OutboxEvent> events = new ArrayList<>();
              List<String[]> outcomes = new ArrayList<>();
              List<RuleStats.Delta> deltas = new ArrayList<>();
              return Multi.createFrom()
                  .iterable(candidates)
                  .select()
                  .where(rule -> !done.contains(rule.id()))
                  .onItem()
                  .transformToUniAndConcatenate(
                      rule ->
                          runInSavepoint(conn, rule, trigger)
                              .invoke(
                                  result -> {
                                    events.addAll(result.output().events());
                                    outcomes.add(
                                        new String[] {
                                          rule.id(), result.failure() == null ? "done" : "fault"
                                        });
                                    deltas.add(RuleStats.Delta.of(rule.id(), result));
                                  }))
                  .collect()
                  .last()
                  .chain(() -> Outbox.appendAll(conn, events))
                  .chain(() -> store.markApplied(conn, trigger.appliedKey(), outcomes))
                  .invoke(() -> stats.add(deltas));
            });
  }

  /**
   * Runs one rule over the trigger in a savepoint: its writes stay when it succeeds; when its unit
   * of work fails, they are rolled back and the fault is stored instead. A failure of the
   * infrastructure fails the returned Uni.
   */
  public Uni<RuleResult> runInSavepoint(SqlClient conn, CompiledRule rule, Trigger trigger) {
    return runInSavepoint(conn, rule, trigger, true);
  }

  /**
   * As {@link #runInSavepoint(SqlClient, CompiledRule, Trigger)}, storing no fault unless asked.
   */
  public Uni<RuleResult> runInSavepoint(
      SqlClient conn, CompiledRule rule, Trigger trigger, boolean storeFault) {
    RuleRun run = new RuleRun(rule, trigger, conn, new RuleOutput());
    FlavorRunner runner = runners.get(rule.flavor());
    if (runner == null) {
      return Uni.createFrom()
          .failure(
              new IllegalStateException(
                  "rule " + rule.id() + ": the " + rule.flavor().value() + " flavor is not built"));
    }
    return conn.query("savepoint rule_run")
        .execute()
        .chain(() -> Uni.createFrom().deferred(() -> runner.run(run)))
        .chain(() -> conn.query("release savepoint rule_run").execute())
        .map(ignored -> new RuleResult(run.output(), null, null))
        .onFailure(failure -> !Failures.isInfrastructure(failure))
        .recoverWithUni(
            failure ->
                !storeFault
                    ? conn.query("rollback to savepoint rule_run")
                        .execute()
                        .map(ignored -> new RuleResult(new RuleOutput(), failure, null))
                    : conn.query("rollback to savepoint rule_run")
                        .execute()
                        .chain(() -> faults.record(conn, run, failure, run.current()))
                        .invoke(
                            fault ->
                                Log.debugf(
                                    "Rule %s: fault %s on %s %s: %s",
                                    rule.id(),
                                    fault.id(),
                                    trigger.type(),
                                    trigger.id(),
                                    failure.toString()))
                        .map(fault -> new RuleResult(new RuleOutput(), failure, fault)));
  }

  /** The rules of a flavor the engine can run; the others are not built yet. */
  public Set<Flavor> runnable() {
    return runners.keySet();
  }
}
