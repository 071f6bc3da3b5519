package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.TestToken;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One campaign's world: a fresh {@link Rig}, the demo token with its history and traffic, the
 * streaming users, a prober calling each service's API every second, the faults injected and the
 * checks made after them.
 */
final class CampaignRun implements AutoCloseable {

  /** A fault: when it was injected, when it was taken away, how long until all had recovered. */
  record Fault(String what, long injectedNanos, long removedNanos, Duration recovery) {}

  /** The campaign's line of the table, with what it found. */
  record Outcome(
      String campaign,
      int faults,
      DeliveryCheck.Result delivery,
      Duration maxRecovery,
      boolean allRecovered,
      long serverErrors,
      long serverErrorsWhileDown,
      List<String> failures) {

    boolean passed() {
      return delivery.correct() && allRecovered && serverErrors == 0 && failures.isEmpty();
    }
  }

  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(300);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(600);

  final Rig rig;
  final ApiLog api =
      new ApiLog(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
  final PrintWriter out;
  private final ScheduledExecutorService timers =
      Executors.newScheduledThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "campaign-timers");
            t.setDaemon(true);
            return t;
          });
  private final List<StreamingUser> steady = new ArrayList<>();
  private final List<StreamingUser> users = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final long started = System.nanoTime();
  private TestToken token;
  private Traffic traffic;
  private volatile boolean probing = true;
  private Thread prober;

  private CampaignRun(Rig rig, PrintWriter out) {
    this.rig = rig;
    this.out = out;
  }

  /** Starts the rig (with the proxy as primary RPC endpoint when asked) in {@code dir}. */
  static CampaignRun start(Path dir, List<String> jvmOptions, boolean rpcProxy, PrintWriter out)
      throws Exception {
    return new CampaignRun(Rig.start(dir, jvmOptions, rpcProxy, Map.of(), out), out);
  }

  /**
   * Deploys the token, gives it {@code history} Transfers (100 a transaction) for backfills to
   * read, and starts demo traffic of {@code rate} Transfers a second.
   */
  void startTraffic(int history, double rate) {
    long t = System.nanoTime();
    token = rig.deployToken();
    List<String> ring = rig.chain().accounts().subList(0, 5);
    Traffic.fund(List.of(token), ring);
    for (int done = 0; done < history; done += 100) {
      token.emitTransfers(ring.get(0), Math.min(100, history - done));
    }
    traffic = new Traffic(List.of(token), ring, 1).start(rate);
    say(
        "token %s: %,d Transfers of history, then %.0f Transfers/s (%.0f s)",
        token.address(), history, rate, secondsSince(t));
  }

  /** Starts the prober: one read of each service's API a second, every call recorded. */
  void startProbing() {
    prober = new Thread(this::probe, "prober");
    prober.setDaemon(true);
    prober.start();
  }

  private void probe() {
    while (probing) {
      long id = steady.isEmpty() ? 1 : steady.get(0).subscriptionId();
      for (String url :
          List.of(
              rig.url(Rig.Service.SUBSCRIPTION) + "/subscriptions/" + id,
              rig.url(Rig.Service.CHAIN_CONFIG) + "/api/chains/" + rig.chain().chainId(),
              rig.url(Rig.Service.STREAM) + "/subscriptions/" + id + "/processing-status")) {
        try {
          api.send("GET", url, null, Duration.ofSeconds(10));
        } catch (Exception e) {
          // recorded by the log
        }
      }
      sleep(1000);
    }
  }

  /**
   * Creates a subscription through subscription-service (from block 0) and starts its user at once;
   * a steady user is one the recovery times wait for.
   */
  StreamingUser addUser(String name, boolean isSteady) throws Exception {
    long id = rig.subscribe(api, token.address(), 0, "chaos-" + name);
    StreamingUser user =
        new StreamingUser(name, id, api, timers, rig.url(Rig.Service.STREAM)).start();
    synchronized (users) {
      users.add(user);
      if (isSteady) {
        steady.add(user);
      }
    }
    return user;
  }

  /** Waits until every steady user has read the chain's head block. */
  void awaitCaughtUp() {
    long t = System.nanoTime();
    long head = rig.chain().blockNumber();
    while (steady.stream().anyMatch(u -> u.highestBlock() < head)) {
      if (System.nanoTime() - t > CATCH_UP_TIMEOUT.toNanos()) {
        failures.add("the users did not catch up with block " + head + " in " + CATCH_UP_TIMEOUT);
        return;
      }
      sleep(200);
    }
    say("users caught up with block %d (%.1f s)", head, secondsSince(t));
  }

  /**
   * Waits until the suite recovered from a fault removed at {@code removedNanos}: every service
   * answers ready, and every steady user read an event of a block mined after it; records the
   * fault. A service that died on its own (not {@code killed}) is a failure.
   */
  Duration recovered(String what, long injectedNanos, long removedNanos) {
    long headAtRemoval = rig.chain().blockNumber();
    while (true) {
      boolean ready = true;
      for (Rig.Service s : Rig.Service.values()) {
        if (!rig.alive(s)) {
          failures.add(s + " exited after " + what + " (the harness did not restart it)");
          faults.add(new Fault(what, injectedNanos, removedNanos, null));
          say("%s: NOT recovered: %s exited", what, s);
          return null;
        }
        ready &= rig.ready(s);
      }
      boolean flowing = steady.stream().allMatch(u -> u.highestBlock() > headAtRemoval);
      long now = System.nanoTime();
      if (ready && flowing) {
        Duration recovery = Duration.ofNanos(now - removedNanos);
        faults.add(new Fault(what, injectedNanos, removedNanos, recovery));
        say("%s: recovered %.1f s after the fault was removed", what, recovery.toMillis() / 1000.0);
        return recovery;
      }
      if (now - removedNanos > RECOVERY_TIMEOUT.toNanos()) {
        faults.add(new Fault(what, injectedNanos, removedNanos, null));
        failures.add(
            what
                + ": not recovered in "
                + RECOVERY_TIMEOUT.toSeconds()
                + " s (services ready: "
                + ready
                + ", events flowing to every user: "
                + flowing
                + ")");
        say("%s: NOT recovered", what);
        return null;
      }
      sleep(100);
    }
  }

  /** Stops the traffic and makes every check; returns the campaign's line of the table. */
  Outcome finish(String campaign) throws Exception {
    traffic.close();
    long head = rig.chain().blockNumber();
    say(
        "traffic stopped at block %d (%,d transactions sent, %d failed%s)",
        head,
        traffic.transactions(),
        traffic.failed(),
        traffic.lastFailure() == null ? "" : ": " + traffic.lastFailure());
    List<long[]> expected = DeliveryCheck.chainTransfers(rig.chain(), token.address(), 0, head);
    long lastBlock = expected.isEmpty() ? 0 : expected.get(expected.size() - 1)[0];
    long t = System.nanoTime();
    List<StreamingUser> all;
    synchronized (users) {
      all = new ArrayList<>(users);
    }
    while (all.stream().anyMatch(u -> u.highestBlock() < lastBlock)
        && System.nanoTime() - t < CATCH_UP_TIMEOUT.toNanos()) {
      sleep(200);
    }
    // Two more ack rounds, so every batch read is acknowledged.
    sleep(SdkClient.ACK_INTERVAL.toMillis() * 2 + 1000);
    DeliveryCheck.Result delivery = DeliveryCheck.Result.empty();
    for (StreamingUser user : all) {
      DeliveryCheck.Result r = DeliveryCheck.check(user, expected);
      delivery = delivery.plus(r);
      say(
          "%s: %,d events expected, %,d read, lost %d, out of order %d, again after ack %d,"
              + " again unacknowledged %d, %d connection(s), %d problem(s) reported",
          user.name(),
          r.expected(),
          user.receiptCount(),
          r.lost(),
          r.outOfOrder(),
          r.duplicatesAfterAck(),
          r.redeliveredUnacked(),
          user.connectionOpened().size(),
          user.problems().size());
    }
    delivery.examples().forEach(e -> say("  %s", e));
    for (StreamingUser user : all) {
      describe(user);
    }
    checkProgress(all, expected.size(), head);
    for (Rig.Service s : Rig.Service.values()) {
      if (!rig.alive(s) || !rig.ready(s)) {
        failures.add(s + " is not running and ready at the end");
      }
    }
    for (StreamingUser user : all) {
      user.close();
    }
    probing = false;
    if (prober != null) {
      prober.join(15_000);
    }
    long[] errors = serverErrors();
    Duration max =
        faults.stream()
            .map(Fault::recovery)
            .filter(d -> d != null)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    boolean allRecovered = faults.stream().allMatch(f -> f.recovery() != null);
    failures.forEach(f -> say("FAILED: %s", f));
    return new Outcome(
        campaign,
        faults.size(),
        delivery,
        max,
        allRecovered,
        errors[0],
        errors[1],
        List.copyOf(failures));
  }

  /** Why the user's connections ended and what its client reported, the commonest first. */
  private void describe(StreamingUser user) {
    Map<String, Long> acknowledged = user.acknowledgedAt();
    Map<String, long[]> unacknowledged = new java.util.LinkedHashMap<>();
    for (StreamingUser.Receipt r : user.receipts()) {
      if (!acknowledged.containsKey(r.batchId())) {
        unacknowledged.merge(
            r.batchId(), new long[] {r.block(), 1}, (a, b) -> new long[] {a[0], a[1] + b[1]});
      }
    }
    if (!unacknowledged.isEmpty()) {
      var first = unacknowledged.entrySet().iterator().next();
      say(
          "  %s: %d batch(es) read were never acknowledged (%d events; the first from block %d)",
          user.name(),
          unacknowledged.size(),
          unacknowledged.values().stream().mapToLong(v -> v[1]).sum(),
          first.getValue()[0]);
    }
    Map<String, Long> endings = tally(user.endings());
    Map<String, Long> problems = tally(user.problems());
    if (!endings.isEmpty() || !problems.isEmpty()) {
      say("  %s: connections ended: %s; reported: %s", user.name(), top(endings), top(problems));
    }
  }

  private static Map<String, Long> tally(List<String> lines) {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    for (String line : lines) {
      // Ids and numbers differ from line to line; the kind is what is tallied.
      String kind = line.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("\\d+", "N");
      counts.merge(kind.length() > 140 ? kind.substring(0, 140) + "..." : kind, 1L, Long::sum);
    }
    return counts;
  }

  private static String top(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(4)
        .map(e -> e.getValue() + "x " + e.getKey())
        .toList()
        .toString();
  }

  /** subscription-service must show every event delivered and the head as last processed. */
  private void checkProgress(List<StreamingUser> all, long expected, long head) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (StreamingUser user : all) {
      JsonNode s;
      while (true) {
        s = rig.subscription(api, user.subscriptionId());
        boolean right =
            s.path("events_delivered").asLong() == expected
                && s.path("last_processed_block").asLong() == head;
        if (right || System.nanoTime() > deadline) {
          break;
        }
        sleep(1000);
      }
      String line =
          String.format(
              "%s: subscription-service shows events_delivered %s (want %d), last_processed_block"
                  + " %s (want %d), streaming_status %s",
              user.name(),
              s.path("events_delivered").asText(),
              expected,
              s.path("last_processed_block").asText(),
              head,
              s.path("streaming_status").asText());
      say("%s", line);
      if (s.path("events_delivered").asLong() != expected
          || s.path("last_processed_block").asLong() != head) {
        failures.add(line);
      }
    }
  }

  /**
   * The 5xx answers: [0] to calls that were not in flight at an injection and came outside any
   * outage (from injection to recovery), [1] those that came during an outage.
   */
  private long[] serverErrors() {
    long outside = 0;
    long during = 0;
    List<String> shown = new ArrayList<>();
    for (ApiLog.Call call : api.calls()) {
      if (!call.serverError()) {
        continue;
      }
      boolean inFlight = faults.stream().anyMatch(f -> call.inFlightAt(f.injectedNanos()));
      if (inFlight) {
        continue;
      }
      boolean whileDown =
          faults.stream()
              .anyMatch(
                  f ->
                      call.endNanos() >= f.injectedNanos()
                          && call.startNanos()
                              <= f.removedNanos()
                                  + (f.recovery() == null
                                      ? RECOVERY_TIMEOUT.toNanos()
                                      : f.recovery().toNanos()));
      if (whileDown) {
        during++;
      } else {
        outside++;
      }
      if (shown.size() < 8) {
        shown.add(
            String.format(
                "%s %s at %.1f s%s: %s",
                whileDown ? "5xx during an outage:" : "5xx OUTSIDE any fault:",
                call.what(),
                (call.startNanos() - started) / 1e9,
                whileDown ? "" : "",
                call.status() + " " + call.detail()));
      }
    }
    shown.forEach(s -> say("  %s", s));
    if (outside > 0) {
      failures.add(outside + " API call(s) answered 5xx outside any fault");
    }
    return new long[] {outside, during};
  }

  TestToken token() {
    return token;
  }

  List<StreamingUser> steadyUsers() {
    return steady;
  }

  void say(String format, Object... args) {
    out.printf("  [%6.1f s] %s%n", secondsSince(started), String.format(format, args));
    out.flush();
  }

  static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() throws Exception {
    probing = false;
    if (traffic != null) {
      traffic.close();
    }
    synchronized (users) {
      for (StreamingUser user : users) {
        user.close();
      }
    }
    timers.shutdownNow();
    rig.close();
  }
}
