package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.infra.streamlog.SyntheticLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * stream-service's delivery: one NDJSON client reading a subscription's log of {@code --events}
 * Transfer-shaped events (written straight into the log: ingestion is not what is measured) and
 * acknowledging as the published client does (one bulk call every 3 s), then the latency from an
 * append's commit to the client while events come one at a time.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = "stream-service: events/s to one NDJSON client with 3 s bulk acks, live latency.")
final class StreamScenario implements Callable<Integer> {

  /** stream-service with nothing but delivery: no rebuild, no ingestion, no chain-events. */
  static final Map<String, String> DELIVERY_ONLY =
      Map.of(
          "STREAM_REBUILD_AT_START", "false",
          "STREAM_INGEST_ENABLED", "false",
          "STREAM_LOG_PUBLISH", "false");

  private static final long SUBSCRIPTION = 900_000_001L;
  // The last acks at the client's stop: tried this many times, a second apart, while some fail.
  private static final int FINAL_ACK_ATTEMPTS = 5;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(names = "--events", defaultValue = "1000000", description = "events in the log")
  int events;

  @Option(names = "--live", defaultValue = "500", description = "events appended one at a time")
  int live;

  @Option(names = "--live-rate", defaultValue = "50", description = "live appends per second")
  int liveRate;

  @Option(
      names = "--rate-budget",
      defaultValue = "100000",
      description = "events/s the client must get at least (default: ${DEFAULT-VALUE})")
  double rateBudget;

  @Option(
      names = "--live-p99-budget",
      defaultValue = "50",
      description = "ms the live p99 from commit to client may take (default: ${DEFAULT-VALUE})")
  double p99BudgetMs;

  private final JsonFactory json = new JsonFactory();
  private final HttpClient http = HttpClient.newHttpClient();
  // Live events: when each commit returned, and when the client read it (nanoTime).
  private final Map<Long, Long> committedAt = new ConcurrentHashMap<>();
  private final Map<Long, Long> readAt = new ConcurrentHashMap<>();
  private final Histogram latency = new Histogram(60_000_000L, 3);
  private final Histogram commits = new Histogram(60_000_000L, 3);
  private final AtomicLong received = new AtomicLong();
  // The highest test_seq read: the log's seqs are 1..events, so caught up means this is events.
  private final AtomicLong lastSeq = new AtomicLong();
  // Events read out of their place (a repeat, a gap, out of order); the first one is kept.
  private final AtomicLong misplaced = new AtomicLong();
  private volatile String firstMisplaced;
  private final List<String> pending = new ArrayList<>();
  private volatile String connectionId;
  // Lines a client cannot take: error messages, and lines that are not a known message.
  private final AtomicLong errorLines = new AtomicLong();
  private final AtomicLong malformedLines = new AtomicLong();
  private volatile String firstBadLine;
  // Why the stream ended before the client closed it; null while it has not.
  private volatile String ended;
  private volatile boolean closing;
  private final AtomicLong ackCalls = new AtomicLong();
  // Batches of failed or refused acks, each time one was put back to be sent again.
  private final AtomicLong ackFailures = new AtomicLong();
  private volatile String firstAckFailure;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ServiceUnderTest stream = serviceOptions.start("stream-service", out, DELIVERY_ONLY);
        Connection db = stream.connectToDatabase()) {
      out.printf("writing %,d events into the log...%n", events);
      out.flush();
      fill(db);
      ScheduledExecutorService acks = Executors.newSingleThreadScheduledExecutor();
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(stream.url() + "/subscriptions/" + SUBSCRIPTION + "/stream"))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      connectionId = response.headers().firstValue("X-Connection-Id").orElse(null);
      if (response.statusCode() != 200 || connectionId == null) {
        String body;
        try (InputStream in = response.body()) {
          body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
        }
        out.printf(
            "verdict: GET /subscriptions/%d/stream answered %d, X-Connection-Id %s: NOT met (%s)%n",
            SUBSCRIPTION, response.statusCode(), connectionId, body);
        return 1;
      }
      // Every 3 s as the published client; a failed call must not stop the ones after it.
      acks.scheduleWithFixedDelay(() -> ack(stream.url()), 3, 3, TimeUnit.SECONDS);
      Duration before = stream.cpu();
      long started = System.nanoTime();
      Thread reader = new Thread(() -> read(response.body()), "stream-reader");
      reader.setDaemon(true);
      reader.start();
      boolean caughtUp = await(() -> lastSeq.get() >= events, Duration.ofMinutes(10));
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = caughtUp ? events / seconds : Double.NaN;
      Duration cpu = stream.cpu().minus(before);
      if (caughtUp) {
        out.printf(
            "  caught up: %,d events in %.2f s = %,.0f events/s"
                + " (stream-service CPU %.2f us/event)%n",
            events, seconds, rate, cpu.toNanos() / 1e3 / events);
        out.flush();
        appendLive(db, out);
      } else {
        out.printf(
            "  not caught up: %,d events read in %.0f s (%s)%n",
            received.get(), seconds, ended != null ? ended : "still streaming");
      }
      acks.shutdownNow();
      acks.awaitTermination(15, TimeUnit.SECONDS);
      // The client's stop: its last pending acks, again while some fail, then the close.
      for (int attempt = 0; attempt < FINAL_ACK_ATTEMPTS && !ack(stream.url()); attempt++) {
        Thread.sleep(1000);
      }
      int unacked;
      synchronized (pending) {
        unacked = pending.size();
      }
      closing = true;
      response.body().close();
      long sent = (long) events + (caughtUp ? live : 0);
      long cursor = committedCursor(db, sent);

      double p50 = latency.getValueAtPercentile(50) / 1000.0;
      double p99 =
          latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
      out.printf(
          Locale.ROOT,
          "  live: %d appends at %d/s, commit to client p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          latency.getTotalCount(),
          liveRate,
          p50,
          p99,
          latency.getMaxValue() / 1000.0);
      out.printf(
          Locale.ROOT,
          "  (the appends' own commits: p50 %.1f ms, p99 %.1f ms, max %.1f ms)%n",
          commits.getValueAtPercentile(50) / 1000.0,
          commits.getValueAtPercentile(99) / 1000.0,
          commits.getMaxValue() / 1000.0);
      boolean inOrder = caughtUp && misplaced.get() == 0 && received.get() == (long) events + live;
      out.printf(
          "  order: %s%n",
          inOrder
              ? "every event once, in order"
              : misplaced.get()
                  + " events out of place ("
                  + firstMisplaced
                  + "), "
                  + received.get()
                  + " read for "
                  + ((long) events + live));
      boolean clean = errorLines.get() == 0 && malformedLines.get() == 0 && ended == null;
      out.printf(
          "  stream: %d error lines, %d malformed lines, %s%s%n",
          errorLines.get(),
          malformedLines.get(),
          ended == null ? "open until the client closed it" : ended,
          firstBadLine == null ? "" : "; first bad line: " + firstBadLine);
      out.printf(
          "  acks: %d bulk calls, %d failed or refused batches (retried), %d batches never"
              + " acknowledged%s%n",
          ackCalls.get(),
          ackFailures.get(),
          unacked,
          firstAckFailure == null ? "" : "; first failure: " + firstAckFailure);
      boolean acked = unacked == 0 && cursor == sent;
      out.printf("  committed cursor (acked_seq): %,d for %,d events sent%n", cursor, sent);
      boolean rateMet = rate >= rateBudget;
      boolean p99Met = p99 <= p99BudgetMs;
      out.printf(
          Locale.ROOT,
          "verdict: %,.0f events/s to one client (budget %,.0f: %s); live p99 %.1f ms (budget %.0f"
              + " ms: %s); each event once, in order: %s; no error or malformed line, not closed"
              + " early: %s; every batch acknowledged, cursor at the last event: %s%n",
          rate,
          rateBudget,
          rateMet ? "met" : "NOT met",
          p99,
          p99BudgetMs,
          p99Met ? "met" : "NOT met",
          inOrder ? "yes" : "NO",
          clean ? "yes" : "NO",
          acked ? "yes" : "NO");
      return rateMet && p99Met && inOrder && clean && acked ? 0 : 1;
    }
  }

  /** Polls {@code done} every 5 ms until it holds, the stream ended, or {@code limit} passed. */
  private boolean await(BooleanSupplier done, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (ended != null || System.nanoTime() > deadline) {
        return done.getAsBoolean();
      }
      Thread.sleep(5);
    }
    return true;
  }

  /**
   * The subscription's committed cursor in stream-service's database, once it reached {@code sent}
   * or after 10 s: merging acknowledged ranges into it may trail the ack's answer.
   */
  private static long committedCursor(Connection db, long sent) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      long cursor;
      try (PreparedStatement s =
          db.prepareStatement("select acked_seq from subscription where id = ?")) {
        s.setLong(1, SUBSCRIPTION);
        try (ResultSet r = s.executeQuery()) {
          cursor = r.next() ? r.getLong(1) : -1;
        }
      }
      if (cursor >= sent || System.nanoTime() > deadline) {
        return cursor;
      }
      Thread.sleep(50);
    }
  }

  /** A subscription and its log, Transfer-shaped events of about 600 bytes, as ingestion writes. */
  private void fill(Connection db) throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute(SyntheticLog.subscriptions(SUBSCRIPTION, SUBSCRIPTION));
      s.execute(SyntheticLog.events(SUBSCRIPTION, SUBSCRIPTION, 1, events));
    }
  }

  /**
   * Appends one event at a time, each in its own transaction with its NOTIFY, as ingestion does.
   */
  private void appendLive(Connection db, PrintWriter out) throws Exception {
    long interval = 1_000_000_000L / liveRate;
    long next = System.nanoTime();
    db.setAutoCommit(false);
    try (Statement s = db.createStatement();
        PreparedStatement notify =
            db.prepareStatement("select pg_notify('event_log_appended', ?)")) {
      for (long seq = events + 1; seq <= events + live; seq++) {
        while (System.nanoTime() < next) {
          Thread.sleep(1);
        }
        next += interval;
        long started = System.nanoTime();
        s.execute(SyntheticLog.events(SUBSCRIPTION, SUBSCRIPTION, seq, seq));
        notify.setString(1, SUBSCRIPTION + ":" + seq);
        notify.execute();
        db.commit();
        long committed = System.nanoTime();
        committedAt.put(seq, committed);
        commits.recordValue(Math.max(1, (committed - started) / 1000));
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (readAt.size() < live && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // The client may read an event before the harness's commit call has returned: 1 us then.
    committedAt.forEach(
        (seq, at) -> {
          Long read = readAt.get(seq);
          if (read != null) {
            latency.recordValue(Math.max(1, (read - at) / 1000));
          }
        });
  }

  private void read(InputStream body) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = lines.readLine()) != null) {
        try {
          batch(line);
        } catch (JsonProcessingException e) {
          bad(malformedLines, line);
        }
      }
      if (!closing) {
        ended = "the server ended the stream";
      }
    } catch (IOException e) {
      if (!closing) {
        ended = "reading the stream failed: " + e;
      }
    }
  }

  // Counts a line that is not what a client can take; the first is kept to be printed.
  private void bad(AtomicLong counter, String line) {
    if (counter.getAndIncrement() == 0 && firstBadLine == null) {
      firstBadLine = line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
  }

  /** Reads a line as a client would (every token), keeping the batch id and live latencies. */
  private void batch(String line) throws IOException {
    long now = System.nanoTime();
    String type = null;
    String batchId = null;
    int size = 0;
    try (JsonParser p = json.createParser(line)) {
      int depth = 0;
      String field = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> field = p.currentName();
          case VALUE_STRING -> {
            if (depth == 1 && "batch_id".equals(field)) {
              batchId = p.getText();
            } else if (depth == 1 && "type".equals(field)) {
              type = p.getText();
            }
          }
          case VALUE_NUMBER_INT -> {
            if (depth == 1 && "batch_size".equals(field)) {
              size = p.getIntValue();
            } else if (depth == 4 && "test_seq".equals(field)) {
              long seq = p.getLongValue();
              long expected = lastSeq.get() + 1;
              if (seq != expected && misplaced.getAndIncrement() == 0) {
                firstMisplaced = "seq " + seq + " read where " + expected + " was due";
              }
              lastSeq.accumulateAndGet(seq, Math::max);
              if (p.getLongValue() > events) {
                readAt.put(p.getLongValue(), now);
              }
            }
          }
          default -> {}
        }
      }
    }
    switch (type == null ? "" : type) {
      case "event_batch" -> {
        if (batchId == null) {
          bad(malformedLines, line);
          return;
        }
        synchronized (pending) {
          pending.add(batchId);
        }
        received.addAndGet(size);
      }
      case "heartbeat" -> {}
      case "error" -> bad(errorLines, line);
      default -> bad(malformedLines, line);
    }
  }

  /**
   * Acknowledges every batch read and not yet acknowledged in one bulk call; true when none is
   * left. Batches whose call failed, or that the answer lists as failed, go back to be sent again
   * with the next call, as the published client does.
   */
  private boolean ack(String url) {
    List<String> ids;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return true;
      }
      ids = new ArrayList<>(pending);
      pending.clear();
    }
    ackCalls.incrementAndGet();
    StringBuilder body = new StringBuilder("{\"batch_ids\":[");
    for (int i = 0; i < ids.size(); i++) {
      body.append(i > 0 ? ",\"" : "\"").append(ids.get(i)).append('"');
    }
    body.append("]}");
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          url
                              + "/subscriptions/"
                              + SUBSCRIPTION
                              + "/stream/"
                              + connectionId
                              + "/ack/batch/bulk"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return retry(ids, "bulk ack answered " + r.statusCode() + ": " + r.body());
      }
      List<String> refused = new ArrayList<>();
      JsonNode answer = MAPPER.readTree(r.body()).path("failed_batch_ids");
      if (!answer.isArray()) {
        return retry(ids, "bulk ack answered without failed_batch_ids: " + r.body());
      }
      answer.forEach(id -> refused.add(id.asText()));
      return refused.isEmpty() || retry(refused, "bulk ack refused " + refused);
    } catch (InterruptedException e) {
      // Stopped mid-call (the scheduler's shutdown): the final ack sends them.
      synchronized (pending) {
        pending.addAll(ids);
      }
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | RuntimeException e) {
      return retry(ids, "bulk ack failed: " + e);
    }
  }

  // Puts batches back for the next call and records the failure; false: some are left.
  private boolean retry(List<String> ids, String why) {
    synchronized (pending) {
      pending.addAll(ids);
    }
    ackFailures.addAndGet(ids.size());
    if (firstAckFailure == null) {
      firstAckFailure = why.length() > 300 ? why.substring(0, 300) + "..." : why;
    }
    return false;
  }
}
