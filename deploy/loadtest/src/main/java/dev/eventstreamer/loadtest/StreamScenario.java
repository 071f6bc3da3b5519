package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
  private static final double RATE_BUDGET = 100_000;
  private static final double P99_BUDGET_MS = 50;

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(names = "--events", defaultValue = "1000000", description = "events in the log")
  int events;

  @Option(names = "--live", defaultValue = "500", description = "events appended one at a time")
  int live;

  @Option(names = "--live-rate", defaultValue = "50", description = "live appends per second")
  int liveRate;

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
      connectionId = response.headers().firstValue("X-Connection-Id").orElseThrow();
      acks.scheduleWithFixedDelay(() -> ack(stream.url()), 3, 3, TimeUnit.SECONDS);
      Duration before = stream.cpu();
      long started = System.nanoTime();
      Thread reader = new Thread(() -> read(response.body()), "stream-reader");
      reader.setDaemon(true);
      reader.start();
      while (lastSeq.get() < events) {
        Thread.sleep(5);
        if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
          throw new IllegalStateException("only " + received.get() + " events in 10 minutes");
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = events / seconds;
      Duration cpu = stream.cpu().minus(before);
      out.printf(
          "  caught up: %,d events in %.2f s = %,.0f events/s (stream-service CPU %.2f us/event)%n",
          events, seconds, rate, cpu.toNanos() / 1e3 / events);
      out.flush();

      appendLive(db, out);
      acks.shutdownNow();
      ack(stream.url());
      response.body().close();

      double p50 = latency.getValueAtPercentile(50) / 1000.0;
      double p99 = latency.getValueAtPercentile(99) / 1000.0;
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
      boolean inOrder = misplaced.get() == 0 && received.get() == (long) events + live;
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
      boolean rateMet = rate >= RATE_BUDGET;
      boolean p99Met = p99 <= P99_BUDGET_MS;
      out.printf(
          Locale.ROOT,
          "verdict: %,.0f events/s to one client (budget %,.0f: %s); live p99 %.1f ms (budget %.0f"
              + " ms: %s); each event once, in order: %s%n",
          rate,
          RATE_BUDGET,
          rateMet ? "met" : "NOT met",
          p99,
          P99_BUDGET_MS,
          p99Met ? "met" : "NOT met",
          inOrder ? "yes" : "NO");
      return rateMet && p99Met && inOrder ? 0 : 1;
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
        batch(line);
      }
    } catch (IOException e) {
      // closed at the end
    }
  }

  /** Reads a line as a client would (every token), keeping the batch id and live latencies. */
  private void batch(String line) throws IOException {
    long now = System.nanoTime();
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
    if (batchId != null) {
      synchronized (pending) {
        pending.add(batchId);
      }
      received.addAndGet(size);
    }
  }

  private void ack(String url) {
    List<String> ids;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      ids = new ArrayList<>(pending);
      pending.clear();
    }
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
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("bulk ack answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("bulk ack failed", e);
    }
  }
}
