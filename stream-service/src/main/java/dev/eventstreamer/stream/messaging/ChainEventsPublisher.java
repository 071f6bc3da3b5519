package dev.eventstreamer.stream.messaging;

import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.EventLogRepository;
import dev.eventstreamer.stream.repository.LeaseRepository;
import dev.eventstreamer.stream.repository.LogEvent;
import dev.eventstreamer.stream.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes every event of every subscription's log on chain-events ({@code
 * dev.eventstreamer.chain.log}, {@code .chain.log.removed} for removals), keyed by subscription, in
 * log order. The log is its own outbox: a subscription's {@code published_seq} moves only after the
 * broker acknowledged every event up to it, so a broker outage delays events and loses none (a
 * resend after a failure can repeat some; consumers are idempotent by CloudEvent id). One replica
 * publishes at a time, under a lease.
 */
@ApplicationScoped
public class ChainEventsPublisher {

  private static final String LEASE = "publish:chain-events";
  private static final Duration LEASE_PERIOD = Duration.ofSeconds(15);
  private static final Duration IDLE = Duration.ofMillis(200);

  private final ChainEventsSender sender;
  private final SubscriptionRepository subscriptions;
  private final EventLogRepository log;
  private final LeaseRepository leases;
  private final int batchSize;
  private final boolean enabled;
  private ScheduledExecutorService loop;
  private volatile boolean stopping;

  ChainEventsPublisher(
      ChainEventsSender sender,
      SubscriptionRepository subscriptions,
      EventLogRepository log,
      LeaseRepository leases,
      StreamConfig config) {
    this.sender = sender;
    this.subscriptions = subscriptions;
    this.log = log;
    this.leases = leases;
    this.batchSize = Math.max(1, Math.min(4096, config.log().publishBatchSize()));
    this.enabled = config.log().publish();
  }

  void start(@Observes StartupEvent event) {
    if (!enabled) {
      Log.info("chain-events publishing is off in this replica (stream.log.publish=false)");
      return;
    }
    loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chain-events-publisher"));
    loop.schedule(this::run, 0, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    if (loop != null) {
      loop.shutdownNow();
    }
  }

  private void run() {
    if (stopping) {
      return;
    }
    boolean busy = false;
    try {
      if (leases.acquire(LEASE, leases.owner(), LEASE_PERIOD).await().atMost(LEASE_PERIOD)) {
        busy = publishRound();
      }
    } catch (RuntimeException e) {
      if (stopping) {
        return;
      }
      Log.warnf("Publishing chain-events failed (%s); retrying", e.toString());
      sleep(Duration.ofSeconds(1));
    }
    if (!stopping) {
      loop.schedule(this::run, busy ? 0 : IDLE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Publishes what is pending, up to a batch per subscription; true when more may be waiting. */
  private boolean publishRound() {
    List<long[]> pending = subscriptions.unpublished(100).await().atMost(LEASE_PERIOD);
    boolean more = false;
    for (long[] p : pending) {
      long subscriptionId = p[0];
      List<LogEvent> rows =
          log.eventsAfter(subscriptionId, p[1], batchSize).await().atMost(LEASE_PERIOD);
      if (rows.isEmpty()) {
        continue;
      }
      sender.send(subscriptionId, rows);
      long last = rows.get(rows.size() - 1).seq();
      subscriptions.published(subscriptionId, last).await().atMost(LEASE_PERIOD);
      more |= rows.size() == batchSize;
    }
    return more;
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
