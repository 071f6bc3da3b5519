package dev.eventstreamer.rules.service;

import dev.eventstreamer.common.outbox.Outbox;
import dev.eventstreamer.common.outbox.OutboxEvent;
import dev.eventstreamer.rules.config.RuleEngineConfig;
import dev.eventstreamer.rules.repository.EventRow;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.repository.ViewRow;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes collected events, correlations and view items whose ttl has passed, in chunks, each
 * removal logged as a change with {@code ttl_delete} in the same transaction (the expired flavor
 * turns those into events). Replicas sweep side by side: a row locked by one is skipped by the
 * others, so each row is removed, and its change logged, once.
 */
@ApplicationScoped
public class TtlSweeper {

  private final Pool pool;
  private final StoreRepository store;
  private final RuleEngineConfig config;
  private final Vertx vertx;
  private final AtomicBoolean running = new AtomicBoolean();
  private long timer;

  public TtlSweeper(Pool pool, StoreRepository store, RuleEngineConfig config, Vertx vertx) {
    this.pool = pool;
    this.store = store;
    this.config = config;
    this.vertx = vertx;
  }

  void onStart(@Observes StartupEvent start) {
    timer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweepInBackground());
  }

  void onStop(@Observes ShutdownEvent stop) {
    vertx.cancelTimer(timer);
  }

  private void sweepInBackground() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    sweep()
        .onTermination()
        .invoke(() -> running.set(false))
        .subscribe()
        .with(
            removed -> {
              if (removed > 0) {
                Log.debugf("Swept %d rows past their ttl", removed);
              }
            },
            failure -> Log.warnf("The ttl sweep failed, it runs again: %s", failure.toString()));
  }

  /** Removes what has expired now, chunk after chunk; how many rows it removed. */
  public Uni<Integer> sweep() {
    return chunk()
        .chain(
            removed ->
                removed < config.sweepBatch()
                    ? Uni.createFrom().item(removed)
                    : sweep().map(more -> removed + more));
  }

  private Uni<Integer> chunk() {
    long now = System.currentTimeMillis() / 1000;
    return pool.withTransaction(
        conn ->
            store
                .sweepEvents(conn, now, config.sweepBatch())
                .chain(
                    events ->
                        store
                            .sweepViews(conn, now, config.sweepBatch())
                            .chain(
                                views -> {
                                  List<OutboxEvent> changes = new ArrayList<>();
                                  for (EventRow row : events) {
                                    changes.add(
                                        Changes.of(
                                            Changes.EVENTS,
                                            "REMOVE",
                                            row.pk(),
                                            row.sk(),
                                            null,
                                            store.json(row),
                                            true));
                                  }
                                  for (ViewRow row : views) {
                                    changes.add(
                                        Changes.of(
                                            Changes.VIEWS,
                                            "REMOVE",
                                            row.pk(),
                                            row.sk(),
                                            null,
                                            store.json(row),
                                            true));
                                  }
                                  return Outbox.appendAll(conn, changes)
                                      .replaceWith(Math.max(events.size(), views.size()));
                                })));
  }

  /** Removes applied pairs past their retention, hourly. */
  @io.quarkus.scheduler.Scheduled(every = "1h", delayed = "1m")
  Uni<Void> pruneApplied() {
    return store
        .pruneApplied(pool, config.appliedRetention().toSeconds())
        .replaceWithVoid()
        .onFailure()
        .recoverWithNull();
  }
}
