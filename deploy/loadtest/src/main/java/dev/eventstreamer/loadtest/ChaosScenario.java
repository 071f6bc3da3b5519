package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.ServiceJvm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault campaigns: the suite's real processes on the dev chain with demo traffic and three
 * users of the published client streaming and acknowledging, then one kind of fault at a time, each
 * campaign after a fresh setup; after each, every Transfer the chain holds must have reached every
 * user in order and none again once acknowledged, subscription-service must show the right
 * progress, every service must have recovered by itself, and no API call outside a fault may have
 * answered 5xx. Prints one line per campaign; exit code 1 when a check fails.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description =
        "Fault campaigns (kill -9, broker and database outages, RPC failover) against the whole"
            + " suite; checks delivery and recovery and prints a table.")
final class ChaosScenario implements Callable<Integer> {

  /** The campaigns, in the order they run. */
  enum Campaign {
    STREAM_SERVICE("stream-service", "kill -9 stream-service (mid-backfill, mid-stream, mid-ack)"),
    KAFKA("kafka", "kill -9 the Kafka broker mid-ingestion, start it again after the outage"),
    POSTGRES("postgres", "stop PostgreSQL for the outage, then start it again"),
    RPC_FAILOVER("rpc-failover", "two RPC endpoints; the primary killed mid-backfill"),
    CONTROL_PLANE("control-plane", "kill -9 subscription-service, chain-config-service, then both");

    final String id;
    final String description;

    Campaign(String id, String description) {
      this.id = id;
      this.description = description;
    }
  }

  @Option(
      names = "--campaign",
      description =
          "stream-service, kafka, postgres, rpc-failover, control-plane (several separated by"
              + " commas) or all (default: all)",
      defaultValue = "all")
  String campaign;

  @Option(names = "--kills", defaultValue = "20", description = "stream-service kills (20)")
  int kills;

  @Option(
      names = "--history",
      defaultValue = "10000",
      description = "Transfers on the chain before the users subscribe, for backfills (10000)")
  int history;

  @Option(names = "--rate", defaultValue = "3", description = "demo Transfers per second (3)")
  double rate;

  @Option(
      names = "--outage",
      defaultValue = "30",
      description = "seconds the broker and the database stay down (30)")
  int outageSeconds;

  @Option(names = "--seed", description = "random seed of the kill moments (default: the time)")
  Long seed;

  @Option(
      names = "--jvm-options",
      split = " ",
      defaultValue = "-Xmx256m " + ServiceJvm.GC_OPTIONS,
      description = "options of each service JVM, as ./suite up uses (default: ${DEFAULT-VALUE})")
  List<String> jvmOptions;

  @Option(
      names = "--run-dir",
      defaultValue = "target/loadtest/chaos",
      description = "logs and data go here")
  Path runDir;

  private final PrintWriter out = new PrintWriter(System.out, true);
  private Random random;

  @Override
  public Integer call() throws Exception {
    long s = seed != null ? seed : System.currentTimeMillis();
    random = new Random(s);
    List<Campaign> chosen = new ArrayList<>();
    for (Campaign c : Campaign.values()) {
      if (campaign.equals("all") || List.of(campaign.split(",")).contains(c.id)) {
        chosen.add(c);
      }
    }
    if (chosen.isEmpty()) {
      out.println("no campaign named " + campaign);
      return 2;
    }
    out.printf(
        "chaos: %s; %,d Transfers of history, %.0f Transfers/s, 3 users, outage %d s, seed %d%n",
        chosen.stream().map(c -> c.id).toList(), history, rate, outageSeconds, s);
    List<CampaignRun.Outcome> outcomes = new ArrayList<>();
    for (Campaign c : chosen) {
      out.printf("%n== %s: %s%n", c.id, c.description);
      Path dir = LoadTest.repositoryRoot().resolve(runDir).resolve(c.id);
      dev.eventstreamer.infra.TempDirs.deleteQuietly(dir);
      CampaignRun.Outcome outcome;
      try (CampaignRun run = CampaignRun.start(dir, jvmOptions, c == Campaign.RPC_FAILOVER, out)) {
        outcome = run(c, run);
      } catch (Exception e) {
        e.printStackTrace(out);
        outcome =
            new CampaignRun.Outcome(
                c.id,
                0,
                DeliveryCheck.Result.empty(),
                Duration.ZERO,
                false,
                0,
                0,
                List.of("the campaign did not complete: " + e));
      }
      outcomes.add(outcome);
      out.println("  logs: " + dir);
      printTable(List.of(outcome));
    }
    printTable(outcomes);
    boolean passed = outcomes.stream().allMatch(CampaignRun.Outcome::passed);
    out.println(
        passed
            ? "verdict: every check passed"
            : "verdict: FAILED (the lines marked FAILED above say which checks)");
    return passed ? 0 : 1;
  }

  private CampaignRun.Outcome run(Campaign c, CampaignRun run) throws Exception {
    run.startTraffic(history, rate);
    for (int i = 0; i < 3; i++) {
      run.addUser("user-" + (i + 1), true);
    }
    run.startProbing();
    switch (c) {
      case STREAM_SERVICE -> streamServiceKills(run);
      case KAFKA -> kafkaOutage(run);
      case POSTGRES -> postgresOutage(run);
      case RPC_FAILOVER -> rpcFailover(run);
      case CONTROL_PLANE -> controlPlaneKills(run);
    }
    return run.finish(c.id);
  }

  private void streamServiceKills(CampaignRun run) throws Exception {
    run.awaitCaughtUp();
    String[] modes = {"mid-backfill", "mid-stream", "mid-ack"};
    for (int k = 1; k <= kills; k++) {
      String mode = modes[(k - 1) % modes.length];
      long injected;
      String note = "";
      switch (mode) {
        case "mid-backfill" -> {
          // Killed once the new user has read the first events of its backfill, and before it
          // can have read them all.
          StreamingUser probe = run.addUser("backfill-" + k, false);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          while (probe.receiptCount() == 0 && System.nanoTime() < deadline) {
            CampaignRun.sleep(20);
          }
          CampaignRun.sleep(random.nextInt(500));
          injected = System.nanoTime();
          run.rig.kill(Rig.Service.STREAM);
          note =
              String.format(
                  " (%s had read %,d of its %,d+ events)",
                  probe.name(), probe.receiptCount(), history);
        }
        case "mid-ack" -> {
          CountDownLatch fired = new CountDownLatch(1);
          long[] at = new long[1];
          SdkClient.ACK_TRAP.set(
              () -> {
                at[0] = System.nanoTime();
                run.rig.kill(Rig.Service.STREAM);
                fired.countDown();
              });
          if (!fired.await(30, TimeUnit.SECONDS)) {
            SdkClient.ACK_TRAP.set(null);
            at[0] = System.nanoTime();
            run.rig.kill(Rig.Service.STREAM);
            note = " (no ack within 30 s: killed anyway)";
          }
          injected = at[0];
        }
        default -> {
          CampaignRun.sleep(1000 + random.nextInt(5000));
          injected = System.nanoTime();
          run.rig.kill(Rig.Service.STREAM);
        }
      }
      CampaignRun.sleep(random.nextInt(3000));
      run.say("kill %d/%d %s%s; restarting stream-service", k, kills, mode, note);
      long removed = System.nanoTime();
      Duration start = run.rig.startService(Rig.Service.STREAM);
      run.say("stream-service ready again in %.1f s", start.toMillis() / 1000.0);
      run.recovered("kill " + k + " (" + mode + ")", injected, removed);
    }
  }

  private void kafkaOutage(CampaignRun run) throws Exception {
    run.awaitCaughtUp();
    CampaignRun.sleep(3000 + random.nextInt(3000));
    long injected = System.nanoTime();
    run.rig.kafka().kill();
    run.say("Kafka broker killed (-9); a subscription created while it is down:");
    CampaignRun.sleep(2000);
    run.addUser("created-while-kafka-down", false);
    CampaignRun.sleep(outageSeconds * 1000L - 2000);
    long removed = System.nanoTime();
    run.rig.kafka().start();
    run.say("Kafka broker started again after %.1f s", (removed - injected) / 1e9);
    run.recovered("Kafka broker kill", injected, removed);
  }

  private void postgresOutage(CampaignRun run) throws Exception {
    run.awaitCaughtUp();
    CampaignRun.sleep(3000 + random.nextInt(3000));
    long injected = System.nanoTime();
    run.rig.postgres().stop();
    run.say("PostgreSQL stopped");
    CampaignRun.sleep(outageSeconds * 1000L);
    long removed = System.nanoTime();
    run.rig.postgres().start();
    run.say("PostgreSQL started again after %.1f s", (removed - injected) / 1e9);
    run.recovered("PostgreSQL stop", injected, removed);
  }

  private void rpcFailover(CampaignRun run) throws Exception {
    // The users subscribed from block 0 a moment ago: their backfills are running.
    CampaignRun.sleep(500 + random.nextInt(1500));
    int read = run.steadyUsers().stream().mapToInt(StreamingUser::receiptCount).sum();
    long injected = System.nanoTime();
    run.rig.killRpcProxy();
    run.say(
        "primary RPC endpoint killed (-9) mid-backfill (the users had read %,d events of %,d)",
        read, 3L * history);
    run.recovered("primary RPC endpoint kill", injected, injected);
  }

  private void controlPlaneKills(CampaignRun run) throws Exception {
    run.awaitCaughtUp();
    List<List<Rig.Service>> rounds =
        List.of(
            List.of(Rig.Service.SUBSCRIPTION),
            List.of(Rig.Service.CHAIN_CONFIG),
            List.of(Rig.Service.SUBSCRIPTION, Rig.Service.CHAIN_CONFIG));
    int n = 0;
    for (List<Rig.Service> round : rounds) {
      n++;
      CampaignRun.sleep(2000 + random.nextInt(4000));
      long injected = System.nanoTime();
      round.forEach(run.rig::kill);
      CampaignRun.sleep(1000 + random.nextInt(2000));
      run.say("killed (-9) %s; restarting", round);
      long removed = System.nanoTime();
      round.parallelStream().forEach(run.rig::startService);
      run.recovered("kill " + n + " " + round, injected, removed);
      // A create right after the restart, streamed at once.
      run.addUser("created-after-kill-" + n, false);
    }
  }

  private void printTable(List<CampaignRun.Outcome> outcomes) {
    out.println();
    out.printf(
        "| %-14s | %6s | %14s | %4s | %12s | %20s | %19s | %14s | %-6s |%n",
        "campaign",
        "faults",
        "events checked",
        "lost",
        "out of order",
        "duplicates after ack",
        "redelivered unacked",
        "recovery (max)",
        "result");
    out.println(
        "|----------------|--------|----------------|------|--------------|----------------------|"
            + "---------------------|----------------|--------|");
    for (CampaignRun.Outcome o : outcomes) {
      out.printf(
          "| %-14s | %6d | %,14d | %4d | %12d | %20d | %19d | %14s | %-6s |%n",
          o.campaign(),
          o.faults(),
          o.delivery().expected(),
          o.delivery().lost(),
          o.delivery().outOfOrder(),
          o.delivery().duplicatesAfterAck(),
          o.delivery().redeliveredUnacked(),
          o.allRecovered()
              ? String.format("%.1f s", o.maxRecovery().toMillis() / 1000.0)
              : "not recovered",
          o.passed() ? "passed" : "FAILED");
    }
    for (CampaignRun.Outcome o : outcomes) {
      out.printf(
          "%s: 5xx outside faults %d, 5xx while a fault lasted %d%s%n",
          o.campaign(),
          o.serverErrors(),
          o.serverErrorsWhileDown(),
          o.failures().isEmpty() ? "" : "; failed: " + String.join("; ", o.failures()));
    }
  }
}
