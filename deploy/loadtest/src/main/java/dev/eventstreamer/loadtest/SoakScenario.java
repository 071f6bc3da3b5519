package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.ServiceJvm;
import dev.eventstreamer.infra.devchain.TestToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak: the whole suite with demo traffic raised to about 50 Transfers a second and 100 users
 * of the published client streaming live and acknowledging, for 30 minutes. At minute 5 and at the
 * end: each service's live heap (after a full collection) and RSS, and the live append-to-client
 * latency of the minute before. At the end every user must have every Transfer of its token, in
 * order and once acknowledged never again, subscription-service must show the right progress, and
 * no call may have failed. Exit code 1 when a check fails or a heap or RSS grew more than 10%.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "The whole suite under demo traffic with 100 streaming clients for 30 minutes; prints"
            + " heap, RSS, latency and errors.")
final class SoakScenario implements Callable<Integer> {

  @Option(names = "--minutes", defaultValue = "30", description = "duration (30)")
  int minutes;

  @Option(
      names = "--sample-at",
      defaultValue = "5",
      description = "minute of the first sample (5; the second is at the end)")
  int sampleAt;

  @Option(names = "--clients", defaultValue = "100", description = "streaming users (100)")
  int clients;

  @Option(
      names = "--tokens",
      defaultValue = "10",
      description = "tokens the traffic goes round; each user subscribes to one of them (10)")
  int tokens;

  @Option(names = "--rate", defaultValue = "50", description = "Transfers per second (50)")
  double rate;

  @Option(names = "--per-tx", defaultValue = "50", description = "Transfers per transaction (50)")
  int perTx;

  @Option(
      names = "--jvm-options",
      split = " ",
      defaultValue = "-Xmx256m " + ServiceJvm.GC_OPTIONS,
      description = "options of each service JVM, as ./suite up uses (default: ${DEFAULT-VALUE})")
  List<String> jvmOptions;

  @Option(
      names = "--run-dir",
      defaultValue = "target/loadtest/soak",
      description = "logs and data go here")
  Path runDir;

  /** One service's memory at one moment. */
  private record Memory(long liveHeapBytes, long rssBytes) {}

  /** What a sample found. */
  private record Sample(
      double minute, Map<Rig.Service, Memory> memory, Histogram latency, long events) {}

  private final PrintWriter out = new PrintWriter(System.out, true);

  @Override
  public Integer call() throws Exception {
    int first = Math.min(sampleAt, Math.max(1, minutes / 2));
    out.printf(
        "soak: %d min, %d users over %d tokens, %.0f Transfers/s (%d per transaction);"
            + " samples at minute %d and %d%n",
        minutes, clients, tokens, rate, perTx, first, minutes);
    Path dir = LoadTest.repositoryRoot().resolve(runDir);
    dev.eventstreamer.infra.TempDirs.deleteQuietly(dir);
    ApiLog api = new ApiLog(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
    List<StreamingUser> users = new ArrayList<>();
    Map<StreamingUser, TestToken> tokenOf = new HashMap<>();
    Map<StreamingUser, Long> startOf = new HashMap<>();
    List<String> failures = new ArrayList<>();
    try (Rig rig = Rig.start(dir, jvmOptions, false, Map.of(), out)) {
      List<TestToken> deployed = new ArrayList<>();
      for (int i = 0; i < tokens; i++) {
        deployed.add(rig.deployToken());
      }
      long start = rig.chain().blockNumber() + 1;
      Traffic traffic =
          new Traffic(deployed, rig.chain().accounts().subList(0, 5), perTx).start(rate / perTx);
      long t0 = System.nanoTime();
      for (int i = 0; i < clients; i++) {
        TestToken token = deployed.get(i % tokens);
        long id = rig.subscribe(api, token.address(), start, "soak-" + (i % 10));
        StreamingUser user =
            new StreamingUser("user-" + (i + 1), id, api, timers, rig.url(Rig.Service.STREAM))
                .start();
        users.add(user);
        tokenOf.put(user, token);
        startOf.put(user, start);
      }
      out.printf(
          "  %d users streaming (%.1f s to create and connect them)%n",
          clients, (System.nanoTime() - t0) / 1e9);
      List<Sample> samples = new ArrayList<>();
      for (int minute : List.of(first, minutes)) {
        long due = t0 + Duration.ofMinutes(minute).toNanos();
        while (System.nanoTime() < due) {
          CampaignRun.sleep(Math.min(30_000, Math.max(1, (due - System.nanoTime()) / 1_000_000)));
          long now = System.nanoTime();
          out.printf(
              "  [%5.1f min] %,d transactions (%d failed, %d not sent: the node was behind), %,d events"
                  + " read, %d reconnects, %d calls failed%n",
              (now - t0) / 6e10,
              traffic.transactions(),
              traffic.failed(),
              traffic.skipped(),
              users.stream().mapToLong(StreamingUser::receiptCount).sum(),
              users.stream().mapToLong(u -> Math.max(0, u.connectionOpened().size() - 1)).sum(),
              api.calls().stream().filter(c -> c.status() == 0 || c.status() >= 400).count());
        }
        samples.add(sample(rig, users, (System.nanoTime() - t0) / 6e10));
      }
      traffic.close();
      long head = rig.chain().blockNumber();
      double seconds = (System.nanoTime() - t0) / 1e9;
      out.printf(
          "  traffic stopped at block %d: %,d Transfers sent, %.1f a second (%d transactions not"
              + " sent: the node was behind)%n",
          head, traffic.transfers(), traffic.transfers() / seconds, traffic.skipped());
      // Every user reads to the head, then two ack rounds.
      long waitFrom = System.nanoTime();
      Map<StreamingUser, List<long[]>> expected = new HashMap<>();
      // Once a token: every user of a token subscribed from the same block.
      Map<String, List<long[]>> byToken = new HashMap<>();
      for (StreamingUser u : users) {
        expected.put(
            u,
            byToken.computeIfAbsent(
                tokenOf.get(u).address(),
                a -> DeliveryCheck.chainTransfers(rig.chain(), a, startOf.get(u), head)));
      }
      while (users.stream().anyMatch(u -> u.highestBlock() < lastBlock(expected.get(u)))
          && System.nanoTime() - waitFrom < Duration.ofMinutes(5).toNanos()) {
        CampaignRun.sleep(200);
      }
      CampaignRun.sleep(SdkClient.ACK_INTERVAL.toMillis() * 2 + 1000);
      DeliveryCheck.Result delivery = DeliveryCheck.Result.empty();
      for (StreamingUser u : users) {
        delivery = delivery.plus(DeliveryCheck.check(u, expected.get(u)));
      }
      delivery.examples().forEach(e -> out.println("  " + e));
      long progressWrong = 0;
      for (StreamingUser u : users) {
        JsonNode s = rig.subscription(api, u.subscriptionId());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((s.path("events_delivered").asLong() != expected.get(u).size()
                || s.path("last_processed_block").asLong() != head)
            && System.nanoTime() < deadline) {
          CampaignRun.sleep(1000);
          s = rig.subscription(api, u.subscriptionId());
        }
        if (s.path("events_delivered").asLong() != expected.get(u).size()
            || s.path("last_processed_block").asLong() != head) {
          progressWrong++;
          if (progressWrong <= 3) {
            out.printf(
                "  %s: subscription-service shows events_delivered %s (want %d), last_processed_block %s (want %d)%n",
                u.name(),
                s.path("events_delivered").asText(),
                expected.get(u).size(),
                s.path("last_processed_block").asText(),
                head);
          }
        }
      }
      for (StreamingUser u : users) {
        u.close();
      }
      long problems = users.stream().mapToLong(u -> u.problems().size()).sum();
      long reconnects =
          users.stream().mapToLong(u -> Math.max(0, u.connectionOpened().size() - 1)).sum();
      List<ApiLog.Call> failed =
          api.calls().stream().filter(c -> c.status() == 0 || c.status() >= 400).toList();
      users.stream()
          .flatMap(u -> u.problems().stream().map(p -> u.name() + ": " + p))
          .limit(5)
          .forEach(p -> out.println("  problem: " + p));
      failed.stream()
          .limit(5)
          .forEach(c -> out.printf("  failed call: %s %d %s%n", c.what(), c.status(), c.detail()));

      out.println();
      print(samples);
      out.printf(
          "events checked %,d: lost %d, out of order %d, again after ack %d, again unacknowledged %d%n",
          delivery.expected(),
          delivery.lost(),
          delivery.outOfOrder(),
          delivery.duplicatesAfterAck(),
          delivery.redeliveredUnacked());
      out.printf(
          "errors: %d failed API calls, %d client problems, %d reconnects, %d failed transactions,"
              + " %d subscriptions with wrong progress%n",
          failed.size(), problems, reconnects, traffic.failed(), progressWrong);
      if (!delivery.correct()) {
        failures.add("delivery");
      }
      if (!failed.isEmpty() || problems > 0 || reconnects > 0 || traffic.failed() > 0) {
        failures.add("errors");
      }
      if (progressWrong > 0) {
        failures.add("progress in subscription-service");
      }
      Sample a = samples.get(0);
      Sample b = samples.get(samples.size() - 1);
      for (Rig.Service s : Rig.Service.values()) {
        double heap = growth(a.memory().get(s).liveHeapBytes(), b.memory().get(s).liveHeapBytes());
        double rss = growth(a.memory().get(s).rssBytes(), b.memory().get(s).rssBytes());
        if (heap > 10) {
          failures.add(s + " heap grew " + Math.round(heap) + "%");
        }
        if (rss > 10) {
          failures.add(s + " RSS grew " + Math.round(rss) + "%");
        }
      }
    } finally {
      timers.shutdownNow();
    }
    out.println(
        failures.isEmpty()
            ? "verdict: passed (0 errors, every event delivered once acknowledged, memory flat within 10%)"
            : "verdict: FAILED: " + String.join(", ", failures));
    return failures.isEmpty() ? 0 : 1;
  }

  private static long lastBlock(List<long[]> events) {
    return events.isEmpty() ? -1 : events.get(events.size() - 1)[0];
  }

  /** Memory of every service, and the latency of the last minute's events. */
  private Sample sample(Rig rig, List<StreamingUser> users, double minute) throws Exception {
    long windowEnd = System.currentTimeMillis();
    long windowStart = windowEnd - 60_000;
    Histogram latency = new Histogram(3_600_000L, 3);
    Map<Long, Long> appended = new HashMap<>();
    try (Connection db = rig.postgres().server().connect("stream");
        PreparedStatement q =
            db.prepareStatement(
                "select subscription_id, block_number, log_index,"
                    + " (extract(epoch from appended_at) * 1000)::bigint from event_log"
                    + " where appended_at >= to_timestamp(?::double precision / 1000)")) {
      q.setLong(1, windowStart - 30_000);
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          appended.put(
              eventKey(rows.getLong(1), rows.getLong(2), rows.getLong(3)), rows.getLong(4));
        }
      }
    }
    long events = 0;
    for (StreamingUser u : users) {
      java.util.Set<Long> seen = new java.util.HashSet<>();
      for (StreamingUser.Receipt r : u.receipts()) {
        long key = eventKey(u.subscriptionId(), r.block(), r.logIndex());
        if (r.wall() < windowStart || r.wall() > windowEnd || !seen.add(key)) {
          continue;
        }
        Long at = appended.get(key);
        if (at != null) {
          latency.recordValue(Math.max(0, r.wall() - at));
          events++;
        }
      }
    }
    Map<Rig.Service, Memory> memory = new EnumMap<>(Rig.Service.class);
    for (Rig.Service s : Rig.Service.values()) {
      long pid = rig.pid(s);
      Path histogram = rig.dir().resolve(String.format("heap-%s-m%.0f.txt", s.module, minute));
      memory.put(s, new Memory(liveHeapBytes(pid, histogram), rssBytes(pid)));
    }
    out.printf("  sample at minute %.1f: %,d live events in the minute before%n", minute, events);
    return new Sample(minute, memory, latency, events);
  }

  private static long eventKey(long subscription, long block, long logIndex) {
    return (subscription << 44) ^ DeliveryCheck.key(block, logIndex);
  }

  private void print(List<Sample> samples) {
    Sample a = samples.get(0);
    Sample b = samples.get(samples.size() - 1);
    out.printf(
        "| %-22s | %22s | %22s | %7s | %14s | %14s | %7s |%n",
        "service",
        String.format("heap after full GC m%.0f", a.minute()),
        String.format("heap after full GC m%.0f", b.minute()),
        "change",
        String.format("RSS m%.0f", a.minute()),
        String.format("RSS m%.0f", b.minute()),
        "change");
    out.println(
        "|------------------------|------------------------|------------------------|---------|"
            + "----------------|----------------|---------|");
    for (Rig.Service s : Rig.Service.values()) {
      Memory x = a.memory().get(s);
      Memory y = b.memory().get(s);
      out.printf(
          "| %-22s | %19.1f MB | %19.1f MB | %+6.1f%% | %11.1f MB | %11.1f MB | %+6.1f%% |%n",
          s.module,
          x.liveHeapBytes() / 1e6,
          y.liveHeapBytes() / 1e6,
          growth(x.liveHeapBytes(), y.liveHeapBytes()),
          x.rssBytes() / 1e6,
          y.rssBytes() / 1e6,
          growth(x.rssBytes(), y.rssBytes()));
    }
    for (Sample s : samples) {
      out.printf(
          "live append-to-client, minute %.0f (the minute before): %,d events, p50 %d ms, p99 %d ms,"
              + " max %d ms%n",
          s.minute(),
          s.events(),
          s.latency().getValueAtPercentile(50),
          s.latency().getValueAtPercentile(99),
          s.latency().getMaxValue());
    }
  }

  private static double growth(long from, long to) {
    return from == 0 ? 0 : (to - from) * 100.0 / from;
  }

  /**
   * Bytes of the heap's live objects: {@code jcmd GC.class_histogram} makes a full collection
   * first, so what it counts is what the service holds, not garbage waiting to be collected.
   */
  static long liveHeapBytes(long pid, Path keep) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    // Kept, so what grew between two samples can be looked up class by class.
    Files.writeString(keep, text);
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[0].equals("Total")) {
        return Long.parseLong(f[2]);
      }
    }
    throw new IllegalStateException("jcmd GC.class_histogram gave no total: " + text);
  }

  /** The process's resident set (VmRSS in /proc). */
  static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }
}
