package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.resume.ResumePosition;
import dev.eventstreamer.stream.repository.LogEvent;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One open stream: reads the subscription's log after its position and writes batches while the
 * client reads and the flow-control window has room, waits for appends when caught up, sends
 * heartbeats. All of its state is touched on the response's context only. Memory stays bounded
 * whatever the client does: one page of the log at most is buffered for a client that stops
 * reading, and sent batches are remembered as a seq, never as events.
 */
final class StreamSession {

  private final StreamHub hub;
  final UUID connectionId;
  final String connectionText;
  final long subscriptionId;
  final long chainId;
  private final HttpServerResponse response;
  private final Framing framing;
  private final Context context;
  private long sentSeq;
  private long ackedSeq;
  private boolean reading;
  private boolean waitingForLog;
  // The highest seq an append notification named.
  private long appendedSeq;
  private boolean waitingForAcks;
  // A read of the committed cursor is on its way (acks may be served by another replica).
  private boolean cursorPolling;
  private boolean ended;
  private long heartbeatTimer = -1;
  private long retryTimer = -1;
  private volatile boolean read;
  // The block of the chain's ingestion this client was told of (an error code), or null.
  private String toldBlocked;

  StreamSession(
      StreamHub hub,
      UUID connectionId,
      long subscriptionId,
      long chainId,
      HttpServerResponse response,
      Framing framing,
      Context context,
      long afterSeq,
      long ackedSeq) {
    this.hub = hub;
    this.connectionId = connectionId;
    this.connectionText = connectionId.toString();
    this.subscriptionId = subscriptionId;
    this.chainId = chainId;
    this.response = response;
    this.framing = framing;
    this.context = context;
    this.sentSeq = afterSeq;
    this.ackedSeq = ackedSeq;
  }

  /** Sends the headers at once (the client learns its connection id from them) and starts. */
  void start() {
    hub.headers(response, framing, connectionText);
    response.closeHandler(v -> hub.ended(this, "client closed the stream"));
    response.exceptionHandler(e -> hub.ended(this, "connection failed: " + e.getMessage()));
    response.writeHead();
    String block = hub.blockOf(chainId);
    if (block != null) {
      blocked(block);
    }
    heartbeatTimer =
        context
            .owner()
            .setPeriodic(hub.heartbeatMillis(), t -> context.runOnContext(v -> heartbeat()));
    pump();
  }

  /** New events may be in the log. */
  void appended(long lastSeq) {
    context.runOnContext(
        v -> {
          // Kept even while a read is in flight: that read may have started before the commit.
          appendedSeq = Math.max(appendedSeq, lastSeq);
          if (waitingForLog && lastSeq > sentSeq) {
            waitingForLog = false;
            pump();
          }
        });
  }

  /** Anything may have been appended (notifications were missed): reads once more. */
  void wake() {
    context.runOnContext(
        v -> {
          if (waitingForLog) {
            waitingForLog = false;
            pump();
          }
        });
  }

  /** The committed cursor moved (an ack this replica served). */
  void acked(long seq) {
    context.runOnContext(v -> cursorAt(seq));
  }

  /**
   * The committed cursor as read from the database; while the window stays full it is read again,
   * since the acks may go to another replica.
   */
  void cursorRead(long seq) {
    context.runOnContext(
        v -> {
          cursorPolling = false;
          cursorAt(seq);
          if (waitingForAcks) {
            pollCursor();
          }
        });
  }

  private void cursorAt(long seq) {
    if (seq > ackedSeq) {
      ackedSeq = seq;
      if (waitingForAcks) {
        waitingForAcks = false;
        pump();
      }
    }
  }

  private void pollCursor() {
    if (!cursorPolling && !ended) {
      cursorPolling = true;
      hub.refreshCursor(this);
    }
  }

  /**
   * The chain's ingestion is blocked ({@code code}: RATE_LIMITED or CIRCUIT_BREAKER_OPEN), or reads
   * again (null). The client is told once per block, and the stream goes on: what is in the log
   * still comes, and new events follow when ingestion reads again.
   */
  void blocked(String code) {
    context.runOnContext(
        v -> {
          if (ended || Objects.equals(code, toldBlocked)) {
            return;
          }
          toldBlocked = code;
          if (code != null) {
            write(
                StreamMessages.ERROR,
                null,
                StreamMessages.error(
                    subscriptionId,
                    connectionText,
                    code,
                    StreamMessages.blocked(chainId, code),
                    true));
          }
        });
  }

  /** Whether the client read anything since the last call. */
  boolean readSinceLastAsked() {
    boolean r = read;
    read = false;
    return r;
  }

  /** Ends the stream, after an error message when {@code code} is given. */
  void end(String code, String message, boolean recoverable) {
    context.runOnContext(
        v -> {
          if (ended) {
            return;
          }
          if (code != null) {
            write(
                StreamMessages.ERROR,
                null,
                StreamMessages.error(subscriptionId, connectionText, code, message, recoverable));
          }
          stop();
          response.end();
        });
  }

  /** Stops timers and reading; the response is left as it is. */
  void stop() {
    ended = true;
    if (heartbeatTimer >= 0) {
      context.owner().cancelTimer(heartbeatTimer);
    }
    if (retryTimer >= 0) {
      context.owner().cancelTimer(retryTimer);
    }
  }

  private void heartbeat() {
    if (ended) {
      return;
    }
    write(StreamMessages.HEARTBEAT, null, StreamMessages.heartbeat(subscriptionId, connectionText));
    if (waitingForLog) {
      // A missed notification costs at most one heartbeat interval.
      waitingForLog = false;
      pump();
    }
  }

  private void pump() {
    if (ended || reading || waitingForLog || waitingForAcks) {
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(
          v -> {
            read = true;
            pump();
          });
      return;
    }
    if (sentSeq - ackedSeq >= hub.maxUnacked()) {
      waitingForAcks = true;
      pollCursor();
      return;
    }
    reading = true;
    hub.read(subscriptionId, sentSeq)
        .subscribe()
        .with(
            events ->
                context.runOnContext(
                    v -> {
                      // Still "reading" while the page is written: a write can drain the queue
                      // and call the drain handler at once, which must not start a read from
                      // the middle of this page (that sent its rest twice).
                      sendAll(events);
                      reading = false;
                      pump();
                    }),
            failure ->
                context.runOnContext(
                    v -> {
                      reading = false;
                      Log.warnf(
                          "Stream %s of subscription %d: reading the log failed, retrying: %s",
                          connectionText, subscriptionId, failure.toString());
                      retryTimer = context.owner().setTimer(1000, t -> pump());
                    }));
  }

  /** Writes a page of the log as batches; the caller reads on. */
  private void sendAll(List<LogEvent> events) {
    if (ended) {
      return;
    }
    if (events.isEmpty()) {
      // An append notified while this read was on its way is read now, not at the next wake-up.
      waitingForLog = appendedSeq <= sentSeq;
      hub.caughtUp(this, sentSeq);
      return;
    }
    int maxBytes = hub.maxBatchBytes();
    int maxEvents = hub.maxBatchEvents();
    int from = 0;
    while (from < events.size()) {
      String name = events.get(from).eventName();
      int to = from;
      int bytes = StreamMessages.BATCH_OVERHEAD;
      // One event name per batch keeps the log's order across names; one event always fits.
      while (to < events.size()
          && to - from < maxEvents
          && events.get(to).eventName().equals(name)
          && (to == from || bytes + events.get(to).payload().length + 1 <= maxBytes)) {
        bytes += events.get(to).payload().length + 1;
        to++;
      }
      LogEvent last = events.get(to - 1);
      String token =
          hub.token(
              new ResumePosition(subscriptionId, last.seq(), last.blockNumber(), last.logIndex()));
      String batchId = BatchIds.of(events.get(from).seq(), token);
      write(
          StreamMessages.EVENT_BATCH,
          batchId,
          StreamMessages.batch(
              subscriptionId, connectionText, token, batchId, name, events, from, to));
      sentSeq = last.seq();
      from = to;
    }
    // Batches leaving without filling the queue: the client reads.
    if (!response.writeQueueFull()) {
      read = true;
    }
    hub.sent(events.size());
  }

  private void write(String type, String id, Buffer json) {
    response.write(framing.frame(type, id, json));
  }
}
