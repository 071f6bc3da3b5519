package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.LeaseRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Starts and stops ingestion work in this replica: a backfill worker for each backfilling
 * subscription and a live follower for each chain with live subscriptions, each under a lease, so
 * replicas split the work and take over a dead one's within a lease period. Looks for work on a
 * timer and whenever the projections change.
 */
@ApplicationScoped
public class IngestionSupervisor {

  private final IngestContext ctx;
  private final LeaseRepository leases;
  private final StreamConfig.Ingest config;
  private final String owner;
  private final Map<String, Worker> running = new ConcurrentHashMap<>();
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
  private final AtomicBoolean scanQueued = new AtomicBoolean();
  private volatile boolean stopping;
  private ScheduledExecutorService scanner;
  private ExecutorService workers;

  /** A running worker and its lease. */
  private record Worker(Lease lease, Runnable body) {}

  IngestionSupervisor(IngestContext ctx, LeaseRepository leases, StreamConfig config) {
    this.ctx = ctx;
    this.leases = leases;
    this.config = config.ingest();
    this.owner = leases.owner();
  }

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      Log.info("Ingestion is off in this replica (stream.ingest.enabled=false)");
      return;
    }
    workers = Executors.newCachedThreadPool(IngestContext.named("ingest"));
    scanner = Executors.newSingleThreadScheduledExecutor(IngestContext.named("ingest-scan"));
    scanner.execute(ctx.fetcher::restoreCaps);
    long millis = config.scanInterval().toMillis();
    scanner.scheduleWithFixedDelay(this::scanQuietly, 0, millis, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    if (scanner != null) {
      scanner.shutdownNow();
    }
    if (workers != null) {
      workers.shutdownNow();
      try {
        workers.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    running.values().forEach(w -> w.lease().release());
  }

  /** Looks for work soon (a subscription or chain changed). */
  public void wake() {
    if (scanner != null && !stopping && scanQueued.compareAndSet(false, true)) {
      scanner.execute(
          () -> {
            scanQueued.set(false);
            scanQuietly();
          });
    }
  }

  /** Names of the work this replica runs now (for health and tests). */
  public List<String> runningWork() {
    return List.copyOf(running.keySet());
  }

  private void scanQuietly() {
    try {
      scan();
    } catch (RuntimeException e) {
      Log.warnf(
          "Looking for ingestion work failed (%s); next scan in %s", e, config.scanInterval());
    }
  }

  private void scan() {
    if (stopping) {
      return;
    }
    Duration timeout = ctx.callTimeout;
    for (long chainId : ctx.subscriptions.chainsWithLive().await().atMost(timeout)) {
      String name = "follow:" + chainId;
      claim(name, lease -> new LiveFollower(ctx, chainId, lease, this::notStopping));
    }
    List<Long> backfilling = ctx.subscriptions.backfilling().await().atMost(timeout);
    for (long id : backfilling) {
      long backfills = running.keySet().stream().filter(n -> n.startsWith("backfill:")).count();
      if (backfills >= config.maxBackfills()) {
        break;
      }
      String name = "backfill:" + id;
      claim(name, lease -> new BackfillWorker(ctx, id, lease, this::notStopping));
    }
  }

  private boolean notStopping() {
    return !stopping;
  }

  private void claim(String name, Function<Lease, Runnable> body) {
    if (running.containsKey(name)) {
      return;
    }
    Long failed = failedAt.get(name);
    if (failed != null && System.nanoTime() - failed < config.maxBackoff().toNanos()) {
      return;
    }
    if (!leases.acquire(name, owner, config.leasePeriod()).await().atMost(ctx.callTimeout)) {
      return; // another replica has it
    }
    Lease lease = new Lease(leases, name, owner, config.leasePeriod());
    Worker worker = new Worker(lease, body.apply(lease));
    running.put(name, worker);
    workers.execute(() -> run(name, worker));
  }

  private void run(String name, Worker worker) {
    Log.debugf("Ingestion work %s started", name);
    try {
      worker.body().run();
      failedAt.remove(name);
    } catch (Pacer.Stopped e) {
      Log.debugf("Ingestion work %s stopped", name);
    } catch (RuntimeException e) {
      if (stopping) {
        Log.debugf("Ingestion work %s ended while stopping: %s", name, e);
        return;
      }
      failedAt.put(name, System.nanoTime());
      Log.warnf(e, "Ingestion work %s failed; retried in %s", name, config.maxBackoff());
    } finally {
      running.remove(name);
      worker.lease().release();
      if (!stopping) {
        wake();
      }
    }
  }
}
