package dev.eventstreamer.common.outbox.impl;

import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.impl.Json;
import dev.eventstreamer.common.outbox.OutboxChannel;
import dev.eventstreamer.common.outbox.OutboxConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Publishes pending outbox rows through the channels' emitters, in id order per channel and key,
 * marking each sent on the broker's ack.
 *
 * <p>Several replicas may run one each: only the holder of a Postgres session advisory lock (taken
 * on the relay's own LISTEN connection) publishes, so a key's rows never go out from two senders at
 * once; the others stand by and try the lock on every NOTIFY and poll. The lock goes with the
 * connection, so a crashed leader frees it for a standby.
 */
public final class OutboxRelay {

  /** The NOTIFY channel the table's trigger signals on commit. */
  public static final String NOTIFY_CHANNEL = "eventstreamer_outbox";

  /** Advisory lock key of the leader: "outbox" in ASCII; each service has its own database. */
  static final long LOCK_ID = 0x6f7574626f78L;

  // common-core is a dependency jar of the services; io.quarkus.logging.Log is only rewritten in
  // application classes, so the relay logs through JBoss Logging directly.
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private static final String SELECT_PENDING =
      "select "
          + OutboxRow.COLUMNS
          + " from outbox o where o.sent_at is null and o.channel = any($1)"
          // A key whose head row waits for a retry holds back its later rows: order per key.
          + " and not exists (select 1 from outbox b where b.sent_at is null"
          + " and b.channel = o.channel and b.key = o.key and b.next_attempt_at > now())"
          + " order by o.id limit $2";
  private static final String MARK_SENT =
      "update outbox set sent_at = now(), attempts = attempts + 1, last_error = null"
          + " where id = any($1) and sent_at is null";
  private static final String MARK_FAILED =
      "update outbox set attempts = attempts + 1, last_error = $2,"
          + " next_attempt_at = now() + make_interval(secs => $3) where id = $1";
  private static final String DELETE_SENT =
      "delete from outbox where id in (select id from outbox"
          + " where sent_at < now() - make_interval(secs => $1) limit 10000)";
  private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);
  private static final int MAX_ERROR_LENGTH = 2000;

  private final String name;
  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final OutboxConfig config;
  private final Map<String, Sender> senders = new LinkedHashMap<>();

  private boolean stopped = true;
  private boolean leader;
  private boolean lockAttempt;
  private boolean draining;
  private boolean again;
  private PgSubscriber subscriber;
  private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);
  private long pollTimer = -1;
  private long cleanupTimer = -1;

  /** A stopped relay for {@code channels}. */
  public OutboxRelay(
      String name,
      Vertx vertx,
      Pool pool,
      PgConnectOptions connectOptions,
      OutboxConfig config,
      Collection<OutboxChannel> channels) {
    this.name = name;
    this.vertx = vertx;
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.config = config;
    for (OutboxChannel channel : channels) {
      senders.put(channel.name(), new Sender(channel.emitter()));
    }
  }

  /** Opens the LISTEN connection, competes for leadership and starts the polling fallback. */
  public synchronized void start() {
    if (!stopped) {
      return;
    }
    stopped = false;
    pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
    cleanupTimer = vertx.setPeriodic(CLEANUP_INTERVAL.toMillis(), id -> cleanUp());
    connect();
  }

  /**
   * Stops publishing: waits for the sends in flight (at most {@code grace}), then closes the LISTEN
   * connection, which hands leadership to a standby. Rows whose ack did not come in time stay
   * pending and are published again by the next leader.
   */
  public Uni<Void> stop(Duration grace) {
    CompletableFuture<Void> pending;
    PgSubscriber closing;
    synchronized (this) {
      if (stopped) {
        return Uni.createFrom().voidItem();
      }
      stopped = true;
      vertx.cancelTimer(pollTimer);
      vertx.cancelTimer(cleanupTimer);
      pending = idle;
      closing = subscriber;
      subscriber = null;
    }
    return Uni.createFrom()
        .completionStage(pending)
        .ifNoItem()
        .after(grace)
        .recoverWithItem((Void) null)
        .onItemOrFailure()
        .transformToUni(
            (ignored, failure) -> {
              synchronized (this) {
                leader = false;
              }
              return closing == null ? Uni.createFrom().voidItem() : closing.close();
            })
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Whether this relay holds the leadership and publishes. */
  public synchronized boolean isLeader() {
    return leader;
  }

  @Override
  public String toString() {
    return "OutboxRelay[" + name + " " + senders.keySet() + "]";
  }

  /** Looks for work now: a NOTIFY, the poll timer, a retry coming due. */
  void wake() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      if (!leader) {
        tryLead();
        return;
      }
      again = true;
      if (draining) {
        return;
      }
      draining = true;
      again = false;
      idle = new CompletableFuture<>();
    }
    drainOnce()
        .subscribe()
        .with(
            more -> finishDrain(more),
            failure -> {
              LOG.warnf("Outbox relay %s could not read or update the outbox: %s", name, failure);
              finishDrain(false);
              vertx.setTimer(config.retry().initialBackoff().toMillis(), id -> wake());
            });
  }

  private void finishDrain(boolean more) {
    boolean next;
    CompletableFuture<Void> done;
    synchronized (this) {
      draining = false;
      done = idle;
      next = !stopped && leader && (more || again);
    }
    done.complete(null);
    if (next) {
      wake();
    }
  }

  private synchronized void connect() {
    if (stopped) {
      return;
    }
    // No automatic reconnect: a lost connection has lost the lock too, and this relay must know.
    PgSubscriber sub = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(n -> -1L);
    sub.channel(NOTIFY_CHANNEL).subscribeHandler(this::onListening).handler(payload -> wake());
    sub.closeHandler(() -> onConnectionLost(sub));
    subscriber = sub;
    sub.connect()
        .subscribe()
        .with(
            ok -> LOG.debugf("Outbox relay %s listens on %s", name, NOTIFY_CHANNEL),
            failure -> {
              LOG.warnf(
                  "Outbox relay %s cannot open its LISTEN connection, retrying in %s: %s",
                  name, config.reconnectInterval(), failure.getMessage());
              reconnectLater(sub);
            });
  }

  private void onListening() {
    // Rows may have been committed while nobody listened: look once, then NOTIFY suffices.
    wake();
  }

  private void onConnectionLost(PgSubscriber sub) {
    synchronized (this) {
      if (sub != subscriber) {
        return;
      }
      if (leader) {
        LOG.warnf("Outbox relay %s lost its database connection and with it the leadership", name);
      }
      leader = false;
    }
    reconnectLater(sub);
  }

  private void reconnectLater(PgSubscriber sub) {
    synchronized (this) {
      if (stopped || sub != subscriber) {
        return;
      }
      subscriber = null;
    }
    vertx.setTimer(config.reconnectInterval().toMillis(), id -> connect());
  }

  private void tryLead() {
    PgSubscriber sub;
    PgConnection connection;
    synchronized (this) {
      sub = subscriber;
      if (stopped || leader || lockAttempt || sub == null) {
        return;
      }
      connection = sub.actualConnection();
      if (connection == null) {
        return;
      }
      lockAttempt = true;
    }
    connection
        .preparedQuery("select pg_try_advisory_lock($1)")
        .execute(Tuple.of(LOCK_ID))
        .map(rows -> rows.iterator().next().getBoolean(0))
        .subscribe()
        .with(
            locked -> {
              boolean won;
              synchronized (this) {
                lockAttempt = false;
                won = locked && sub == subscriber && !stopped;
                leader = won;
              }
              if (won) {
                LOG.infof("Outbox relay %s is the leader and publishes", name);
                wake();
              }
            },
            failure -> {
              synchronized (this) {
                lockAttempt = false;
              }
              LOG.warnf("Outbox relay %s could not ask for the leadership: %s", name, failure);
            });
  }

  private Uni<Boolean> drainOnce() {
    int batchSize = config.batchSize();
    return pool.preparedQuery(SELECT_PENDING)
        .execute(Tuple.of(senders.keySet().toArray(String[]::new), batchSize))
        .onItem()
        .transformToUni(
            rows -> {
              Map<String, List<OutboxRow>> byKey = new LinkedHashMap<>();
              int count = 0;
              for (Row row : rows) {
                OutboxRow outboxRow = OutboxRow.of(row);
                byKey
                    .computeIfAbsent(outboxRow.orderingKey(), k -> new ArrayList<>())
                    .add(outboxRow);
                count++;
              }
              if (count == 0) {
                return Uni.createFrom().item(false);
              }
              boolean full = count == batchSize;
              return Multi.createFrom()
                  .iterable(byKey.values())
                  .onItem()
                  .transformToUni(this::publishInOrder)
                  .merge(config.maxInFlight())
                  .collect()
                  .asList()
                  .chain(this::record)
                  .map(sent -> full && sent > 0);
            });
  }

  // One key's rows strictly one after the other: the next goes out only after the broker acked the
  // previous, so a refused row can never be overtaken by a later one of its key.
  private Uni<Outcome> publishInOrder(List<OutboxRow> rows) {
    List<Long> sent = new ArrayList<>();
    return Multi.createFrom()
        .iterable(rows)
        .select()
        .where(row -> isPublishing())
        .onItem()
        .transformToUniAndConcatenate(
            row ->
                send(row)
                    .invoke(() -> sent.add(row.id()))
                    .onFailure()
                    .transform(failure -> new RowFailed(row, failure)))
        .collect()
        .last()
        .map(ignored -> new Outcome(sent, null, null))
        .onFailure(RowFailed.class)
        .recoverWithItem(
            failure -> new Outcome(sent, ((RowFailed) failure).row, failure.getCause()));
  }

  private synchronized boolean isPublishing() {
    return leader && !stopped;
  }

  private Uni<Void> send(OutboxRow row) {
    Sender sender = senders.get(row.channel());
    // One way to put an event on a channel: the message CloudEventMessages builds, whose
    // partitionkey extension the Kafka connector also writes as the record key.
    EventEnvelope event =
        new EventEnvelope(
            row.eventId(),
            URI.create(row.source()),
            row.type(),
            row.subject(),
            row.createdAt().withOffsetSameInstant(ZoneOffset.UTC),
            row.key(),
            row.correlationId(),
            Json.parseData(row.data().getBytes(StandardCharsets.UTF_8)));
    return sender
        .emitter()
        .sendMessage(CloudEventMessages.toMessage(event))
        .ifNoItem()
        .after(config.sendTimeout())
        .fail();
  }

  private Uni<Integer> record(List<Outcome> outcomes) {
    List<Long> sent = new ArrayList<>();
    List<Tuple> failed = new ArrayList<>();
    long soonest = Long.MAX_VALUE;
    for (Outcome outcome : outcomes) {
      sent.addAll(outcome.sent());
      if (outcome.failedRow() != null) {
        OutboxRow row = outcome.failedRow();
        Duration backoff = backoff(row.attempts());
        soonest = Math.min(soonest, backoff.toMillis());
        LOG.warnf(
            "Outbox event %s (channel %s, key %s) was not accepted by the broker (attempt %d),"
                + " retrying in %s: %s",
            row.eventId(),
            row.channel(),
            row.key(),
            row.attempts() + 1,
            backoff,
            outcome.failure());
        failed.add(Tuple.of(row.id(), errorText(outcome.failure()), backoff.toMillis() / 1000.0));
      }
    }
    Uni<Void> markSent =
        sent.isEmpty()
            ? Uni.createFrom().voidItem()
            : pool.preparedQuery(MARK_SENT)
                .execute(Tuple.of(sent.toArray(Long[]::new)))
                .replaceWithVoid();
    Uni<Void> markFailed =
        failed.isEmpty()
            ? Uni.createFrom().voidItem()
            : pool.preparedQuery(MARK_FAILED).executeBatch(failed).replaceWithVoid();
    long retryIn = soonest;
    return markSent
        .chain(() -> markFailed)
        .invoke(
            () -> {
              if (retryIn != Long.MAX_VALUE) {
                vertx.setTimer(Math.max(1, retryIn), id -> wake());
              }
            })
        .map(ignored -> sent.size());
  }

  private Duration backoff(int attempts) {
    Duration initial = config.retry().initialBackoff();
    Duration max = config.retry().maxBackoff();
    Duration delay = initial.multipliedBy(1L << Math.min(attempts, 20));
    return delay.compareTo(max) > 0 ? max : delay;
  }

  private void cleanUp() {
    if (!isPublishing()) {
      return;
    }
    pool.preparedQuery(DELETE_SENT)
        .execute(Tuple.of(config.retention().toMillis() / 1000.0))
        .subscribe()
        .with(
            rows -> {
              if (rows.rowCount() > 0) {
                LOG.debugf("Outbox relay %s deleted %d sent rows", name, rows.rowCount());
              }
            },
            failure -> LOG.warnf("Outbox relay %s could not delete sent rows: %s", name, failure));
  }

  private static String errorText(Throwable failure) {
    String text = String.valueOf(failure);
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  private record Sender(MutinyEmitter<byte[]> emitter) {}

  private record Outcome(List<Long> sent, OutboxRow failedRow, Throwable failure) {}

  private static final class RowFailed extends RuntimeException {
    private final transient OutboxRow row;

    RowFailed(OutboxRow row, Throwable cause) {
      super(cause.getMessage(), cause, false, false);
      this.row = row;
    }
  }
}
