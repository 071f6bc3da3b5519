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
 * Publishes each subscription's progress as {@code dev.eventstreamer.subscription.progress} on
 * progress-events, through the outbox: at most one event per subscription per progress interval,
 * carrying the newest state of what changed: ingestion (last processed block, status, events
 * appended) and delivery (events acknowledged as {@code events_delivered}, the committed cursor's
 * resume token, whether a client streams). The payload is the one subscription-service consumes;
 * fields left out keep their value there.
 */
@ApplicationScoped
public class ProgressTracker {

  /** The newest state of a subscription's ingestion. */
  record Ingested(Long lastProcessedBlock, long events, IngestStatus status) {}

  /** The newest committed cursor of a subscription's delivery. */
  record Delivered(long events, String resumeToken, String lastEventId) {}

  /** What changed since the last flush; null parts did not. */
  record Progress(long subscriptionId, Ingested ingested, Delivered delivered, Boolean streaming) {

    /** This state with {@code newer}'s parts on top. */
    Progress with(Progress newer) {
      return new Progress(
          subscriptionId,
          newer.ingested != null ? newer.ingested : ingested,
          newer.delivered != null ? newer.delivered : delivered,
          newer.streaming != null ? newer.streaming : streaming);
    }
  }

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
    record(new Progress(subscriptionId, new Ingested(block, events, status), null, null));
  }

  /**
   * The committed cursor of a subscription is at {@code eventsDelivered}, the event {@code
   * lastEventId} (null when unknown).
   */
  public void delivered(
      long subscriptionId, long eventsDelivered, String resumeToken, String lastEventId) {
    record(
        new Progress(
            subscriptionId, null, new Delivered(eventsDelivered, resumeToken, lastEventId), null));
  }

  /** Whether a client streams the subscription now. */
  public void streaming(long subscriptionId, boolean streaming) {
    record(new Progress(subscriptionId, null, null, streaming));
  }

  private void record(Progress p) {
    pending.merge(p.subscriptionId(), p, Progress::with);
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
    Ingested in = p.ingested();
    if (in != null) {
      if (in.lastProcessedBlock() != null) {
        data.put("last_processed_block", in.lastProcessedBlock());
      }
      data.put("streaming_status", in.status().value());
      data.put("events_appended", in.events());
    }
    if (p.delivered() != null) {
      data.put("events_delivered", p.delivered().events());
      data.put("resume_token", p.delivered().resumeToken());
      if (p.delivered().lastEventId() != null) {
        data.put("last_event_id", p.delivered().lastEventId());
      }
    }
    if (p.streaming() != null) {
      data.put("is_streaming", p.streaming());
    }
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
