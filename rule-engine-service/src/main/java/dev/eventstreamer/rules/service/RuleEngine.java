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
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every rule in force over each batch of events, as aws-lambda-stream fans a batch out to its
 * rules.
 *
 * <p>One transaction per batch holds everything the rules do with it: each rule's writes for each
 * unit of work (in a savepoint of its own, so a unit that fails leaves nothing), the events they
 * emit and the changes they make (outbox rows, relayed once it commits), their faults, and the
 * (rule, event) pairs applied, so a redelivered event changes nothing and emits nothing new. A
 * failure inside a unit of work is a fault of it and the others go on; a failure of the database
 * fails the whole batch, which then comes again. The events of a batch are worked on in order, one
 * unit at a time, so order per partition key holds whatever a rule's {@code parallel}.
 */
@ApplicationScoped
public class RuleEngine {

  private final Pool pool;
  private final RuleSet rules;
  private final StoreRepository store;
  private final Faults faults;
  private final RuleStats stats;
  private final RatePacer pacer;
  private final Map<Flavor, FlavorRunner> runners = new EnumMap<>(Flavor.class);

  public RuleEngine(
      Pool pool,
      RuleSet rules,
      StoreRepository store,
      Faults faults,
      RuleStats stats,
      RatePacer pacer,
      Instance<FlavorRunner> runners) {
    this.pool = pool;
    this.rules = rules;
    this.store = store;
    this.faults = faults;
    this.stats = stats;
    this.pacer = pacer;
    runners.forEach(r -> this.runners.put(r.flavor(), r));
  }

  /** Applies every rule in force to each event of the batch, in order, each once. */
  public Uni<Void> applyBatch(List<EventEnvelope> envelopes) {
    List<Trigger> triggers = envelopes.stream().map(Trigger::of).toList();
    return rules
        .current()
        .chain(
            snapshot -> {
              List<CompiledRule> enabled = snapshot.enabled();
              boolean any =
                  triggers.stream().anyMatch(t -> enabled.stream().anyMatch(r -> runsOn(r, t)));
              if (!any) {
                return Uni.createFrom().voidItem();
              }
              return pool.withTransaction(conn -> applyAll(conn, triggers, enabled));
            });
  }

  /** Whether the rule's flavor consumes this kind of event (channel events, or store changes). */
  public boolean runsOn(CompiledRule rule, Trigger trigger) {
    FlavorRunner runner = runners.get(rule.flavor());
    return runner != null && (trigger.isChange() ? runner.onChanges() : runner.onEvents());
  }

  /** What a batch's work adds up to, written at its end. */
  private static final class BatchWork {
    final List<OutboxEvent> events = new ArrayList<>();
    final Map<String, List<String[]>> outcomes = new LinkedHashMap<>();
    final List<RuleStats.Delta> deltas = new ArrayList<>();

    void record(CompiledRule rule, List<Trigger> applied, RuleResult result) {
      events.addAll(result.output().events());
      String outcome = result.failure() == null ? "done" : "fault";
      for (Trigger trigger : applied) {
        outcomes
            .computeIfAbsent(trigger.appliedKey(), k -> new ArrayList<>())
            .add(new String[] {rule.id(), outcome});
      }
      deltas.add(RuleStats.Delta.of(rule.id(), result));
      for (int i = 1; i < applied.size(); i++) {
        deltas.add(new RuleStats.Delta(rule.id(), true, 0, 0, false, 0));
      }
    }

    void skipped(CompiledRule rule) {
      deltas.add(new RuleStats.Delta(rule.id(), false, 0, 0, false, 0));
    }
  }

  private Uni<Void> applyAll(SqlClient conn, List<Trigger> triggers, List<CompiledRule> enabled) {
    List<String> keys = triggers.stream().map(Trigger::appliedKey).distinct().toList();
    return store
        .appliedAll(conn, keys)
        .chain(
            done -> {
              BatchWork work = new BatchWork();
              List<Trigger> fresh = new ArrayList<>();
              // A batch may hold an event twice (a redelivery beside the first delivery).
              Set<String> seen = new java.util.HashSet<>();
              for (Trigger trigger : triggers) {
                if (seen.add(trigger.appliedKey())) {
                  fresh.add(trigger);
                }
              }
              Uni<Void> perEvent =
                  Multi.createFrom()
                      .iterable(fresh)
                      .onItem()
                      .transformToUniAndConcatenate(
                          trigger ->
                              Multi.createFrom()
                                  .iterable(enabled)
                                  .select()
                                  .where(
                                      rule ->
                                          !rule.compacts()
                                              && runsOn(rule, trigger)
                                              && !done.getOrDefault(trigger.appliedKey(), Set.of())
                                                  .contains(rule.id()))
                                  .onItem()
                                  .transformToUniAndConcatenate(
                                      rule ->
                                          pacer
                                              .acquire(rule)
                                              .chain(
                                                  () -> runInSavepoint(conn, rule, trigger, null))
                                              .invoke(
                                                  result ->
                                                      work.record(rule, List.of(trigger), result)))
                                  .collect()
                                  .last())
                      .collect()
                      .last()
                      .replaceWithVoid();
              Uni<Void> compacted =
                  Multi.createFrom()
                      .iterable(enabled)
                      .select()
                      .where(CompiledRule::compacts)
                      .onItem()
                      .transformToUniAndConcatenate(
                          rule ->
                              compact(
                                  conn,
                                  rule,
                                  fresh.stream()
                                      .filter(
                                          t ->
                                              runsOn(rule, t)
                                                  && !done.getOrDefault(t.appliedKey(), Set.of())
                                                      .contains(rule.id()))
                                      .toList(),
                                  work))
                      .collect()
                      .last()
                      .replaceWithVoid();
              return perEvent
                  .chain(() -> compacted)
                  .chain(() -> Outbox.appendAll(conn, work.events))
                  .chain(() -> store.markAppliedAll(conn, work.outcomes))
                  .invoke(() -> stats.add(work.deltas));
            });
  }

  /**
   * A compacting rule over the batch: the units of work that match, grouped ({@code compact.group},
   * else the partition key) and sorted ({@code compact.sort}, else by timestamp); one run per group
   * on its latest, with the group's units as {@code batch}. Every event of a group counts as
   * applied by it (or faulted with it).
   */
  private Uni<Void> compact(
      SqlClient conn, CompiledRule rule, List<Trigger> triggers, BatchWork work) {
    FlavorRunner runner = runners.get(rule.flavor());
    Map<Object, List<Unit>> groups = new LinkedHashMap<>();
    List<Trigger> alone = new ArrayList<>();
    for (Trigger trigger : triggers) {
      RuleRun probe = new RuleRun(rule, trigger, conn, new RuleOutput());
      try {
        Map<String, Object> uow = runner.unitOfWork(probe);
        if (uow == null || !probe.matches(uow)) {
          work.skipped(rule);
          continue;
        }
        groups
            .computeIfAbsent(rule.compactGroup(uow), k -> new ArrayList<>())
            .add(new Unit(trigger, uow, rule.compactSortKey(uow)));
      } catch (RuntimeException e) {
        // Run alone, it fails the same way and becomes the fault of its event.
        alone.add(trigger);
      }
    }
    List<Uni<Void>> runs = new ArrayList<>();
    for (Trigger trigger : alone) {
      runs.add(
          runInSavepoint(conn, rule, trigger, null)
              .invoke(result -> work.record(rule, List.of(trigger), result))
              .replaceWithVoid());
    }
    for (List<Unit> group : groups.values()) {
      group.sort(Comparator.comparing(Unit::sortKey, RuleEngine::compareKeys));
      Unit last = group.get(group.size() - 1);
      List<Object> batch = new ArrayList<>();
      group.forEach(u -> batch.add(u.uow()));
      List<Trigger> members = group.stream().map(Unit::trigger).toList();
      runs.add(
          pacer
              .acquire(rule)
              .chain(() -> runInSavepoint(conn, rule, last.trigger(), Map.of("batch", batch)))
              .invoke(result -> work.record(rule, members, result))
              .replaceWithVoid());
    }
    return Multi.createFrom()
        .iterable(runs)
        .onItem()
        .transformToUniAndConcatenate(run -> run)
        .collect()
        .last()
        .replaceWithVoid();
  }

  private record Unit(Trigger trigger, Map<String, Object> uow, Object sortKey) {}

  private static int compareKeys(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  /**
   * Runs one rule over the trigger in a savepoint: its writes stay when it succeeds; when its unit
   * of work fails, they are rolled back and the fault is stored instead. A failure of the
   * infrastructure fails the returned Uni.
   *
   * @param extra fields added to the unit of work (a compacted group's {@code batch}), or null
   */
  public Uni<RuleResult> runInSavepoint(
      SqlClient conn, CompiledRule rule, Trigger trigger, Map<String, Object> extra) {
    return runInSavepoint(conn, rule, trigger, extra, true);
  }

  /** As above, storing no fault unless asked (a resubmission or a test stores none). */
  public Uni<RuleResult> runInSavepoint(
      SqlClient conn,
      CompiledRule rule,
      Trigger trigger,
      Map<String, Object> extra,
      boolean storeFault) {
    RuleRun run = new RuleRun(rule, trigger, conn, new RuleOutput(rules.changesRead()));
    FlavorRunner runner = runners.get(rule.flavor());
    if (runner == null) {
      return Uni.createFrom()
          .failure(
              new IllegalStateException(
                  "rule " + rule.id() + ": the " + rule.flavor().value() + " flavor is not built"));
    }
    boolean savepoint = runner.writes();
    long start = System.nanoTime();
    Uni<Void> begin =
        savepoint
            ? conn.query("savepoint rule_run").execute().replaceWithVoid()
            : Uni.createFrom().voidItem();
    return begin
        .chain(() -> Uni.createFrom().deferred(() -> runUnit(runner, run, extra)))
        .chain(
            () ->
                savepoint
                    ? conn.query("release savepoint rule_run").execute().replaceWithVoid()
                    : Uni.createFrom().voidItem())
        .map(ignored -> new RuleResult(run.output(), null, null, System.nanoTime() - start))
        .onFailure(failure -> !Failures.isInfrastructure(failure))
        .recoverWithUni(
            failure -> {
              Uni<Void> rollback =
                  savepoint
                      ? conn.query("rollback to savepoint rule_run").execute().replaceWithVoid()
                      : Uni.createFrom().voidItem();
              long took = System.nanoTime() - start;
              if (!storeFault) {
                return rollback.map(
                    ignored -> new RuleResult(new RuleOutput(), failure, null, took));
              }
              return rollback
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
                  .map(fault -> new RuleResult(new RuleOutput(), failure, fault, took));
            });
  }

  private static Uni<Void> runUnit(FlavorRunner runner, RuleRun run, Map<String, Object> extra) {
    Map<String, Object> uow = runner.unitOfWork(run);
    if (uow == null) {
      return Uni.createFrom().voidItem();
    }
    if (extra != null) {
      uow.putAll(extra);
    }
    if (!run.matches(uow)) {
      return Uni.createFrom().voidItem();
    }
    return runner.run(run, uow);
  }
}
