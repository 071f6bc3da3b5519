package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.messaging.ProcessedEvents;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.EventLogRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the log from growing without bound: events a subscriber acknowledged, and chain-events
 * carried, are deleted once older than the retention, in small batches so appends never wait on a
 * long delete; remembered CloudEvent ids go after their own retention.
 */
@ApplicationScoped
public class LogRetention {

  private static final int BATCH = 5_000;
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final Pool pool;
  private final EventLogRepository log;
  private final StreamConfig config;
  private ScheduledExecutorService timer;

  LogRetention(Pool pool, EventLogRepository log, StreamConfig config) {
    this.pool = pool;
    this.log = log;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    timer = Executors.newSingleThreadScheduledExecutor(IngestContext.named("log-retention"));
    long every = config.log().retentionInterval().toMillis();
    timer.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void runQuietly() {
    try {
      int deleted = run();
      Log.debugf("Log retention deleted %d acknowledged events", deleted);
    } catch (RuntimeException e) {
      Log.warnf("Log retention failed (%s); next run in %s", e, config.log().retentionInterval());
    }
  }

  /** One pass over every subscription; how many events went. */
  int run() {
    List<long[]> acked = new ArrayList<>();
    // Never an event chain-events has not carried yet (unless this replica does not publish).
    pool.preparedQuery(
            "select id, least(acked_seq, case when $1 then published_seq else acked_seq end)"
                + " from subscription where acked_seq > 0")
        .execute(Tuple.of(config.log().publish()))
        .await()
        .atMost(TIMEOUT)
        .forEach(r -> acked.add(new long[] {r.getLong(0), r.getLong(1)}));
    int total = 0;
    for (long[] s : acked) {
      int deleted;
      do {
        deleted =
            log.deleteAcknowledged(s[0], s[1], config.log().retention(), BATCH)
                .await()
                .atMost(TIMEOUT);
        total += deleted;
      } while (deleted == BATCH);
    }
    ProcessedEvents.prune(pool, config.processedEventRetention()).await().atMost(TIMEOUT);
    return total;
  }
}
