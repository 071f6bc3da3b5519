package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.outbox.impl.PgOptions;
import dev.eventstreamer.common.resume.ResumePosition;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.AckRepository;
import dev.eventstreamer.stream.repository.ConnectionRepository;
import dev.eventstreamer.stream.repository.EventLogRepository;
import dev.eventstreamer.stream.repository.LeaseRepository;
import dev.eventstreamer.stream.repository.LogEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * The streams this replica holds: wakes them when their subscription's log grows (NOTIFY from any
 * replica's appends), ends them when another connection takes over or the client goes silent
 * (whichever replica notices), and serves them the log, the window and their tokens.
 */
@Singleton
public class StreamHub {

  private static final long CURSOR_POLL_MILLIS = 250;

  private final Vertx vertx;
  private final StreamConfig.Delivery config;
  private final ConnectionRepository connections;
  private final EventLogRepository log;
  private final AckRepository acks;
  private final StreamKeys keys;
  private final String replica;
  private final Config mpConfig;
  private final Counter eventsSent;
  private final ProgressTracker progress;
  private final Map<UUID, StreamSession> sessions = new ConcurrentHashMap<>();
  private final Map<Long, Set<StreamSession>> bySubscription = new ConcurrentHashMap<>();
  // Chains whose ingestion a replica announced blocked: the error code and when it was last said.
  private final Map<Long, Block> blocks = new ConcurrentHashMap<>();
  private PgSubscriber subscriber;
  private long sweepTimer = -1;

  StreamHub(
      Vertx vertx,
      StreamConfig config,
      ConnectionRepository connections,
      EventLogRepository log,
      AckRepository acks,
      StreamKeys keys,
      LeaseRepository leases,
      Config mpConfig,
      MeterRegistry meters,
      ProgressTracker progress) {
    this.vertx = vertx;
    this.progress = progress;
    this.config = config.delivery();
    this.connections = connections;
    this.log = log;
    this.acks = acks;
    this.keys = keys;
    this.replica = leases.owner();
    this.mpConfig = mpConfig;
    this.eventsSent = meters.counter("stream_events_sent_total");
    meters.gaugeMapSize("stream_connections_open", List.of(), sessions);
  }

  void start(@Observes StartupEvent event) {
    PgSubscriber sub =
        PgSubscriber.subscriber(vertx, PgOptions.from(mpConfig)).reconnectPolicy(n -> 1000L);
    sub.channel(EventLogRepository.APPENDED_CHANNEL)
        .handler(this::onAppended)
        // (Re)connected: anything appended while nobody listened is read now.
        .subscribeHandler(this::wakeAll);
    sub.channel(ConnectionRepository.CONTROL_CHANNEL).handler(this::onControl);
    subscriber = sub;
    sub.connect()
        .subscribe()
        .with(
            ok -> Log.debug("Streams listen for appends"),
            failure -> Log.warnf("Streams cannot LISTEN yet (retrying): %s", failure.toString()));
    long every = Math.max(1000, config.connectionTimeout().toMillis() / 6);
    sweepTimer = vertx.setPeriodic(every, t -> sweep());
  }

  void stop(@Observes ShutdownEvent event) {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    for (StreamSession s : sessions.values()) {
      s.end("CONNECTION_LOST", "The server is shutting down; reconnect to resume", true);
      connections.close(s.connectionId, "server stopped").await().atMost(Duration.ofSeconds(5));
    }
    if (subscriber != null) {
      subscriber.close().await().atMost(Duration.ofSeconds(5));
    }
  }

  /**
   * Starts a registered connection's stream on {@code context}, after {@code afterSeq}; the
   * committed cursor is {@code ackedSeq}.
   */
  void start(
      UUID connectionId,
      long subscriptionId,
      long chainId,
      HttpServerResponse response,
      Framing framing,
      Context context,
      long afterSeq,
      long ackedSeq) {
    StreamSession s =
        new StreamSession(
            this,
            connectionId,
            subscriptionId,
            chainId,
            response,
            framing,
            context,
            afterSeq,
            ackedSeq);
    sessions.put(connectionId, s);
    bySubscription.computeIfAbsent(subscriptionId, k -> ConcurrentHashMap.newKeySet()).add(s);
    progress.streaming(subscriptionId, true);
    s.start();
  }

  /** Ends a local stream (the others' replicas end theirs on the NOTIFY). */
  public void end(UUID connectionId, String code, String message, boolean recoverable) {
    StreamSession s = sessions.get(connectionId);
    if (s != null) {
      forget(s);
      s.end(code, message, recoverable);
    }
  }

  /** Ends every local stream of a subscription (it was deleted). */
  public void endAll(long subscriptionId, String code, String message) {
    for (StreamSession s : bySubscription.getOrDefault(subscriptionId, Set.of())) {
      forget(s);
      s.end(code, message, false);
      connections.close(s.connectionId, message).subscribe().with(x -> {}, f -> {});
    }
  }

  /** The committed cursor of a subscription moved. */
  public void acked(long subscriptionId, long seq) {
    for (StreamSession s : bySubscription.getOrDefault(subscriptionId, Set.of())) {
      s.acked(seq);
    }
  }

  /** How many streams of a subscription this replica holds. */
  public int localCount(long subscriptionId) {
    return bySubscription.getOrDefault(subscriptionId, Set.of()).size();
  }

  // --- for sessions

  void ended(StreamSession s, String reason) {
    s.stop();
    if (forget(s)) {
      connections
          .close(s.connectionId, reason)
          // Another replica's connection may have taken over: streaming unless none is open.
          .chain(() -> connections.openCount(s.subscriptionId))
          .subscribe()
          .with(open -> progress.streaming(s.subscriptionId, open > 0), f -> {});
    }
  }

  private boolean forget(StreamSession s) {
    boolean removed = sessions.remove(s.connectionId, s);
    Set<StreamSession> set = bySubscription.get(s.subscriptionId);
    if (set != null) {
      set.remove(s);
      if (set.isEmpty()) {
        bySubscription.remove(s.subscriptionId, set);
      }
    }
    return removed;
  }

  void headers(HttpServerResponse response, Framing framing, String connectionId) {
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", framing.contentType())
        .putHeader("X-Connection-Id", connectionId)
        .putHeader("Cache-Control", "no-cache")
        // Proxies (nginx) must pass every batch on at once.
        .putHeader("X-Accel-Buffering", "no");
  }

  Uni<List<LogEvent>> read(long subscriptionId, long afterSeq) {
    return log.eventsAfter(subscriptionId, afterSeq, config.maxBatchEvents());
  }

  /** Reads the committed cursor for {@code s} in a moment; it polls while its window is full. */
  void refreshCursor(StreamSession s) {
    vertx.setTimer(
        CURSOR_POLL_MILLIS,
        t ->
            acks.cursor(s.subscriptionId)
                .subscribe()
                .with(
                    cursor -> s.cursorRead(cursor.map(c -> c.seq()).orElse(0L)),
                    failure -> s.cursorRead(0)));
  }

  void caughtUp(StreamSession s, long seq) {
    // Nothing to do: the next NOTIFY or heartbeat wakes it.
  }

  void sent(int events) {
    eventsSent.increment(events);
  }

  /** The error code of the block of {@code chainId}'s ingestion, or null when it is read. */
  String blockOf(long chainId) {
    Block b = blocks.get(chainId);
    return b == null ? null : b.code();
  }

  String token(ResumePosition position) {
    return keys.tokens().issue(position);
  }

  long heartbeatMillis() {
    return config.heartbeatInterval().toMillis();
  }

  long maxUnacked() {
    return config.maxUnackedEvents();
  }

  int maxBatchBytes() {
    return config.maxBatchBytes();
  }

  int maxBatchEvents() {
    return config.maxBatchEvents();
  }

  // --- notifications and the sweep

  private void onAppended(String payload) {
    int colon = payload.indexOf(':');
    if (colon < 0) {
      return;
    }
    long subscriptionId;
    long lastSeq;
    try {
      subscriptionId = Long.parseLong(payload, 0, colon, 10);
      lastSeq = Long.parseLong(payload, colon + 1, payload.length(), 10);
    } catch (NumberFormatException e) {
      return;
    }
    for (StreamSession s : bySubscription.getOrDefault(subscriptionId, Set.of())) {
      s.appended(lastSeq);
    }
  }

  private record Block(String code, long saidAt) {}

  private void onControl(String payload) {
    if (payload.startsWith("blocked:")) {
      String[] parts = payload.split(":");
      if (parts.length == 3) {
        try {
          long chainId = Long.parseLong(parts[1]);
          blocks.put(chainId, new Block(parts[2], System.currentTimeMillis()));
          tellBlock(chainId, parts[2]);
        } catch (NumberFormatException e) {
          // not ours
        }
      }
    } else if (payload.startsWith("unblocked:")) {
      try {
        long chainId = Long.parseLong(payload.substring("unblocked:".length()));
        blocks.remove(chainId);
        tellBlock(chainId, null);
      } catch (NumberFormatException e) {
        // not ours
      }
    } else if (payload.startsWith("stopped:")) {
      try {
        endAll(
            Long.parseLong(payload.substring("stopped:".length())),
            "PROCESSING_STOPPED",
            "The subscription was deleted");
      } catch (NumberFormatException e) {
        // not ours
      }
    } else if (payload.startsWith("close:")) {
      try {
        UUID id = UUID.fromString(payload.substring("close:".length()));
        end(
            id,
            "CONNECTION_TAKEN_OVER",
            "Another connection to this subscription took over this one",
            false);
      } catch (IllegalArgumentException e) {
        // not ours
      }
    }
  }

  private void tellBlock(long chainId, String code) {
    for (StreamSession s : sessions.values()) {
      if (s.chainId == chainId) {
        s.blocked(code);
      }
    }
  }

  private void wakeAll() {
    for (StreamSession s : sessions.values()) {
      s.wake();
    }
  }

  /**
   * Closes silent connections (of any replica: one that died holds none any more), and records that
   * the clients of this replica's streams read.
   */
  private void sweep() {
    // A block not said again for three rounds: its replica died or no longer reads the chain.
    long stale = System.currentTimeMillis() - 3 * IngestionBlocks.REANNOUNCE_MILLIS;
    blocks.forEach(
        (chainId, b) -> {
          if (b.saidAt() < stale && blocks.remove(chainId, b)) {
            tellBlock(chainId, null);
          }
        });
    List<UUID> reading = new ArrayList<>();
    for (StreamSession s : sessions.values()) {
      if (s.readSinceLastAsked()) {
        reading.add(s.connectionId);
      }
    }
    connections.seen(reading).subscribe().with(x -> {}, f -> {});
    connections
        .closeSilent(config.connectionTimeout())
        .subscribe()
        .with(
            closed -> {
              for (ConnectionRepository.Closed c : closed) {
                end(
                    c.connectionId(),
                    "CONNECTION_LOST",
                    "No heartbeat, ack or read for "
                        + config.connectionTimeout().toSeconds()
                        + " s",
                    true);
                // Timed out connections were the subscription's only ones (a new one closes
                // the old at once).
                progress.streaming(c.subscriptionId(), false);
              }
            },
            failure -> Log.debugf("Sweeping silent connections failed: %s", failure.toString()));
    connections
        .forgetClosed(config.ackGrace().plus(Duration.ofHours(1)))
        .subscribe()
        .with(x -> {}, f -> {});
  }
}
