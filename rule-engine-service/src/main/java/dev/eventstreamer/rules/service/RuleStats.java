package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.time.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts per rule (API.md, {@code /stats}): events received, matched, emitted, written, faults, and
 * when the last came. Counted in memory and added to the shared table every second (and at
 * shutdown), so the events' transactions never wait on a counter row; every replica adds its own.
 */
@ApplicationScoped
public class RuleStats {

  private static final String ADD =
      "insert into rule_stats (rule_id, received, matched, emitted, written, faults, last_event_at)"
          + " select * from unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[],"
          + " $5::bigint[], $6::bigint[], $7::timestamptz[])"
          + " on conflict (rule_id) do update set received = rule_stats.received + excluded.received,"
          + " matched = rule_stats.matched + excluded.matched,"
          + " emitted = rule_stats.emitted + excluded.emitted,"
          + " written = rule_stats.written + excluded.written,"
          + " faults = rule_stats.faults + excluded.faults,"
          + " last_event_at = greatest(rule_stats.last_event_at, excluded.last_event_at)";

  private final Pool pool;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private final Map<String, RuleMeters> meters = new HashMap<>();
  private Map<String, long[]> pending = new HashMap<>();
  private Map<String, Instant> lastAt = new HashMap<>();

  public RuleStats(Pool pool, ObjectMapper json, MeterRegistry registry) {
    this.pool = pool;
    this.json = json;
    this.registry = registry;
  }

  private RuleMeters meters(String ruleId) {
    return meters.computeIfAbsent(ruleId, id -> new RuleMeters(registry, id));
  }

  /** The same counts in /q/metrics, tagged with the rule, and how long its units of work take. */
  private static final class RuleMeters {
    final Counter received;
    final Counter matched;
    final Counter emitted;
    final Counter written;
    final Counter faults;
    final Timer latency;

    RuleMeters(MeterRegistry registry, String ruleId) {
      received = registry.counter("rules.received", "rule", ruleId);
      matched = registry.counter("rules.matched", "rule", ruleId);
      emitted = registry.counter("rules.emitted", "rule", ruleId);
      written = registry.counter("rules.written", "rule", ruleId);
      faults = registry.counter("rules.faults", "rule", ruleId);
      latency =
          Timer.builder("rules.latency")
              .description("time a rule takes over one unit of work")
              .tag("rule", ruleId)
              .register(registry);
    }

    void record(Delta d) {
      received.increment();
      if (d.matched()) {
        matched.increment();
        latency.record(d.nanos(), TimeUnit.NANOSECONDS);
      }
      emitted.increment(d.emitted());
      written.increment(d.written());
      if (d.fault()) {
        faults.increment();
      }
    }
  }

  /** One rule's counts for one event. */
  public record Delta(
      String ruleId, boolean matched, int emitted, int written, boolean fault, long nanos) {

    static Delta of(String ruleId, RuleResult result) {
      return new Delta(
          ruleId,
          result.output().isMatched() || result.failure() != null,
          result.output().emitted(),
          result.output().written(),
          result.failure() != null,
          result.nanos());
    }
  }

  public synchronized void add(List<Delta> deltas) {
    Instant now = Instant.now();
    for (Delta d : deltas) {
      meters(d.ruleId()).record(d);
      long[] c = pending.computeIfAbsent(d.ruleId(), id -> new long[5]);
      c[0]++;
      c[1] += d.matched() ? 1 : 0;
      c[2] += d.emitted();
      c[3] += d.written();
      c[4] += d.fault() ? 1 : 0;
      lastAt.put(d.ruleId(), now);
    }
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> flush() {
    Map<String, long[]> counts;
    Map<String, Instant> times;
    synchronized (this) {
      if (pending.isEmpty()) {
        return Uni.createFrom().voidItem();
      }
      counts = pending;
      times = lastAt;
      pending = new HashMap<>();
      lastAt = new HashMap<>();
    }
    List<String> ids = new ArrayList<>(counts.keySet());
    Long[][] columns = new Long[5][ids.size()];
    java.time.OffsetDateTime[] at = new java.time.OffsetDateTime[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      long[] c = counts.get(ids.get(i));
      for (int k = 0; k < 5; k++) {
        columns[k][i] = c[k];
      }
      at[i] = times.get(ids.get(i)).atOffset(java.time.ZoneOffset.UTC);
    }
    return pool.preparedQuery(ADD)
        .execute(
            Tuple.tuple(
                List.of(
                    ids.toArray(String[]::new),
                    columns[0],
                    columns[1],
                    columns[2],
                    columns[3],
                    columns[4],
                    at)))
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            failure -> {
              Log.warnf("Rule stats not saved, kept for the next try: %s", failure.toString());
              synchronized (this) {
                counts.forEach(
                    (id, c) -> {
                      long[] now = pending.computeIfAbsent(id, k -> new long[5]);
                      for (int k = 0; k < 5; k++) {
                        now[k] += c[k];
                      }
                    });
                times.forEach(lastAt::putIfAbsent);
              }
              return Uni.createFrom().voidItem();
            });
  }

  void onStop(@Observes ShutdownEvent stop) {
    flush().await().atMost(Duration.ofSeconds(5));
  }

  /** A rule's stats: the shared table's plus what this replica has not added yet. */
  public Uni<ObjectNode> of(String ruleId) {
    return pool.preparedQuery(
            "select received, matched, emitted, written, faults, last_event_at from rule_stats"
                + " where rule_id = $1")
        .execute(Tuple.of(ruleId))
        .map(
            rows -> {
              long[] c = new long[5];
              Instant last = null;
              for (var row : rows) {
                for (int k = 0; k < 5; k++) {
                  c[k] = row.getLong(k);
                }
                last =
                    row.getOffsetDateTime(5) == null ? null : row.getOffsetDateTime(5).toInstant();
              }
              synchronized (this) {
                long[] local = pending.get(ruleId);
                if (local != null) {
                  for (int k = 0; k < 5; k++) {
                    c[k] += local[k];
                  }
                  Instant localAt = lastAt.get(ruleId);
                  if (last == null || (localAt != null && localAt.isAfter(last))) {
                    last = localAt;
                  }
                }
              }
              ObjectNode node = json.createObjectNode();
              node.put("rule_id", ruleId);
              node.put("received", c[0]);
              node.put("matched", c[1]);
              node.put("emitted", c[2]);
              node.put("written", c[3]);
              node.put("faults", c[4]);
              node.put("last_event_at", last == null ? null : Timestamps.format(last));
              return node;
            });
  }
}
