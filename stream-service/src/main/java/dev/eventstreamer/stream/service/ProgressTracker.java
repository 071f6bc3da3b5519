package dev.eventstreamer.stream.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.Outbox;
import dev.eventstreamer.common.outbox.OutboxEvent;
import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.config.StreamConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes each subscription's ingestion progress as {@code
 * dev.eventstreamer.subscription.progress} on progress-events, through the outbox: at most one
 * event per subscription per progress interval, carrying the newest state. The payload is the one
 * subscription-service consumes.
 */
@ApplicationScoped
public class ProgressTracker {

  /** The newest state of a subscription's ingestion. */
  record Progress(long subscriptionId, Long lastProcessedBlock, long events, IngestStatus status) {}

  private final Pool pool;
  private final Duration interval;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Long, Progress> pending = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  ProgressTracker(Pool pool, StreamConfig config) {
    this.pool = pool;
    this.interval = config.ingest().progressInterval();
  }

  void start(@Observes StartupEvent event) {
    timer = Executors.newSingleThreadScheduledExecutor(IngestContext.named("progress"));
    long millis = Math.max(50, interval.toMillis());
    timer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
    flushQuietly();
  }

  /**
   * Records a subscription's state; published with the next flush.
   *
   * @param lastProcessedBlock the last block in its log; below {@code startBlock} when none yet
   */
  public void update(
      long subscriptionId,
      long startBlock,
      long lastProcessedBlock,
      long events,
      IngestStatus status) {
    Long block =
        lastProcessedBlock >= startBlock && lastProcessedBlock >= 0 ? lastProcessedBlock : null;
    pending.put(subscriptionId, new Progress(subscriptionId, block, events, status));
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      Log.warnf("Progress not published yet (%s); retrying with the next flush", e.toString());
    }
  }

  /** Writes the pending states to the outbox, in one transaction. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Progress> batch = new ArrayList<>(pending.values());
    List<OutboxEvent> events = new ArrayList<>(batch.size());
    for (Progress p : batch) {
      events.add(event(p));
    }
    pool.withTransaction(conn -> Outbox.appendAll(conn, events))
        .await()
        .atMost(Duration.ofSeconds(30));
    // Only what was written goes; a newer state put meanwhile stays for the next flush.
    for (Progress p : batch) {
      pending.remove(p.subscriptionId(), p);
    }
  }

  private OutboxEvent event(Progress p) {
    ObjectNode data = json.createObjectNode();
    data.put("subscription_id", p.subscriptionId());
    if (p.lastProcessedBlock() != null) {
      data.put("last_processed_block", p.lastProcessedBlock());
    }
    data.put("streaming_status", p.status().value());
    data.put("events_appended", p.events());
    String key = Long.toString(p.subscriptionId());
    return OutboxEvent.builder()
        .channel(Channels.PROGRESS_EVENTS)
        .key(key)
        .type(EventTypes.SUBSCRIPTION_PROGRESS)
        .source(EventSources.STREAM_SERVICE)
        .subject(key)
        .data(data.toString())
        .build();
  }
}
