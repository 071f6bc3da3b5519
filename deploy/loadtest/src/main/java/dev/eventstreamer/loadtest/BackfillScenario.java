package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.kafka.CloudEventProducer;
import dev.eventstreamer.infra.kafka.KafkaServer;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Issue 17's benchmark: events per second from the node into stream-service's durable log, for a
 * backfill of many Transfers over many blocks, beside the node's own eth_getLogs rate over the same
 * blocks in the same run (sequential and with calls in flight, in 1,000-block chunks). The pipeline
 * reads through the real chain-config-service gateway, decodes, stamps block times and appends.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "stream-service: backfill rate into the log against the node's raw eth_getLogs rate.")
final class BackfillScenario implements Callable<Integer> {

  private static final double GOAL = 0.80;

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(
      names = "--budget",
      defaultValue = "0.40",
      description =
          "the share of the node's sequential raw rate the pipeline must reach"
              + " (default: ${DEFAULT-VALUE})")
  double budget;

  @Option(names = "--transfers", defaultValue = "100000", description = "Transfer events")
  int transfers;

  @Option(names = "--blocks", defaultValue = "40000", description = "blocks they spread over")
  int blocks;

  @Option(names = "--per-tx", defaultValue = "10", description = "Transfers per transaction")
  int perTx;

  @Option(names = "--raw-chunk", defaultValue = "1000", description = "blocks per raw eth_getLogs")
  int rawChunk;

  @Option(names = "--raw-in-flight", defaultValue = "4", description = "raw calls in flight")
  int rawInFlight;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "backfills measured (a new subscription each)")
  int rounds;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      description = "backfills run first and not counted (the service's JIT warms up)")
  int warmup;

  @Option(
      names = "--header-cache",
      description =
          "stream-service's block header cache size (default: the service's, 20,000, so the"
              + " measured rounds find the block times the warm-up round fetched; 1000 makes"
              + " every round fetch them from the node)")
  Integer headerCache;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DevChain.Options nodeOptions =
        DevChain.Options.defaults()
            .withLogFile(
                LoadTest.repositoryRoot()
                    .resolve(serviceOptions.runDir)
                    .toAbsolutePath()
                    .resolve("devchain.log"));
    try (DevChain chain = DevChain.start(nodeOptions)) {
      out.printf(
          "dev chain at %s; making %,d Transfers over %,d blocks...%n",
          chain.rpcUrl(), transfers, blocks);
      out.flush();
      long made = System.nanoTime();
      TestToken token = chain.deployToken();
      long first = chain.blockNumber() + 1;
      emit(chain, token);
      long last = chain.blockNumber();
      // The newest blocks as evm_mine makes them (hardhat_mine's have no parent hash), for the
      // live follower that takes the head's last blocks.
      chain.mine(100);
      out.printf(
          "  blocks %,d..%,d made in %.0f s%n", first, last, (System.nanoTime() - made) / 1e9);

      List<Long> rawSequentials = new ArrayList<>();
      rawSequentials.add(rawRate(out, chain, token, first, last, 1));
      long rawParallel = rawRate(out, chain, token, first, last, rawInFlight);
      // Every Transfer the node holds, by position: what each round's log must hold.
      long[] nodeLogs = positions(chain, token, first, last);

      String bootstrap = KafkaServer.shared().bootstrapServers();
      Map<String, String> gatewayEnv =
          Map.of(
              "CHAIN_CONFIG_SEED_0__CHAIN_ID", Long.toString(DevChain.CHAIN_ID),
              "CHAIN_CONFIG_SEED_0__NAME", "dev chain",
              "CHAIN_CONFIG_SEED_0__RPC_URLS", chain.rpcUrl(),
              "CHAIN_CONFIG_SEED_0__AVERAGE_BLOCK_TIME", "1",
              "CHAIN_CONFIG_SEED_0__CONFIRMATION_BLOCKS", "0");
      try (ServiceUnderTest gateway =
              serviceOptions.start("chain-config-service", out, gatewayEnv, false);
          ServiceUnderTest stream =
              serviceOptions.start("stream-service", out, streamEnv(gateway.url()));
          Connection db = stream.connectToDatabase();
          CloudEventProducer producer = new CloudEventProducer(bootstrap)) {
        awaitChain(db);
        List<Double> rates = new ArrayList<>();
        List<String> wrongLogs = new ArrayList<>();
        for (int round = 1 - warmup; round <= rounds; round++) {
          long id = 900_000_000L + round + warmup;
          Duration before = stream.cpu();
          long started = System.nanoTime();
          producer.publish(
              Channels.SUBSCRIPTION_EVENTS,
              Long.toString(id),
              UUID.randomUUID().toString(),
              EventTypes.SUBSCRIPTION_CREATED,
              EventSources.SUBSCRIPTION_SERVICE,
              OffsetDateTime.now(ZoneOffset.UTC),
              subscription(id, token.address(), first));
          long expected = transfers;
          // The subscription's last seq (one row by key): a count over the growing log every few
          // milliseconds would cost the database more than the appends do.
          while (lastSeq(db, id) < expected) {
            Thread.sleep(20);
            if (System.nanoTime() - started > Duration.ofMinutes(15).toNanos()) {
              throw new IllegalStateException("round " + round + " did not finish in 15 minutes");
            }
          }
          double seconds = (System.nanoTime() - started) / 1e9;
          double rate = expected / seconds;
          Duration cpu = stream.cpu().minus(before);
          String wrong = checkLog(db, id, nodeLogs);
          out.printf(
              "  pipeline %s: %,d events into the log in %.2f s = %,.0f events/s"
                  + " (stream-service CPU %.1f us/event)%n",
              round < 1 ? "warm-up round" : "round " + round,
              expected,
              seconds,
              rate,
              cpu.toNanos() / 1e3 / expected);
          out.printf(
              "    the log: %s%n",
              wrong == null
                  ? "seq 1.."
                      + expected
                      + ", every Transfer of the node once, in (block, log index)"
                      + " order"
                  : "WRONG: " + wrong);
          out.flush();
          if (wrong != null) {
            wrongLogs.add((round < 1 ? "warm-up round" : "round " + round) + ": " + wrong);
          }
          if (round >= 1) {
            rates.add(rate);
            // The node's rate drifts with the VM's other load: measured again between rounds,
            // once chain-events carried the round (how long after the log is said).
            double tail = awaitPublished(db, started);
            out.printf(
                "    chain-events carried them %.2f s after the log had them%n", tail - seconds);
            rawSequentials.add(rawRate(out, chain, token, first, last, 1));
          }
        }
        long rawSequential = median(rawSequentials);
        double best = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double median = rates.stream().sorted().toList().get(rates.size() / 2);
        double share = median / rawSequential;
        out.println();
        out.printf(
            "node raw eth_getLogs, sequential:  %,d events/s median of %d%n",
            rawSequential, rawSequentials.size());
        out.printf("node raw eth_getLogs, %d in flight: %,d events/s%n", rawInFlight, rawParallel);
        out.printf(
            "pipeline into the log:            %,.0f events/s median, %,.0f best of %d%n",
            median, best, rates.size());
        out.printf(
            Locale.ROOT,
            "verdict: pipeline median is %.0f%% of the raw sequential rate (%.0f%% of %d in flight);"
                + " budget %.0f%%: %s, goal %.0f%%: %s; every round's log seq 1..%d, each"
                + " Transfer of the node once, in (block, log index) order: %s%n",
            share * 100,
            median * 100.0 / rawParallel,
            rawInFlight,
            budget * 100,
            share >= budget ? "met" : "NOT met",
            GOAL * 100,
            share >= GOAL ? "met" : "not met",
            transfers,
            wrongLogs.isEmpty() ? "yes" : "NO (" + String.join("; ", wrongLogs) + ")");
        return share >= budget && wrongLogs.isEmpty() ? 0 : 1;
      }
    }
  }

  /** Transfers in transactions of {@code perTx}, empty blocks between them to reach the span. */
  private void emit(DevChain chain, TestToken token) {
    int txs = Math.max(1, transfers / perTx);
    long gaps = Math.max(0, (long) blocks - txs);
    String to = chain.accounts().get(1);
    long gapped = 0;
    for (int i = 0; i < txs; i++) {
      token.emitTransfers(to, perTx);
      long due = gaps * (i + 1) / txs;
      if (due > gapped) {
        chain.call("hardhat_mine", "0x" + Long.toHexString(due - gapped));
        gapped = due;
      }
    }
  }

  private long rawRate(
      PrintWriter out, DevChain chain, TestToken token, long first, long last, int inFlight)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      long started = System.nanoTime();
      List<Future<Integer>> calls = new ArrayList<>();
      for (long from = first; from <= last; from += rawChunk) {
        long f = from;
        long t = Math.min(last, from + rawChunk - 1);
        calls.add(
            pool.submit(
                () -> {
                  List<JsonNode> logs =
                      chain.getLogs(f, t, token.address(), TestToken.TRANSFER_TOPIC0);
                  return logs.size();
                }));
      }
      long events = 0;
      for (Future<Integer> c : calls) {
        events += c.get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long rate = Math.round(events / seconds);
      out.printf(
          "  node raw eth_getLogs, %d in flight, %,d-block chunks: %,d events in %.2f s = %,d events/s%n",
          inFlight, rawChunk, events, seconds, rate);
      out.flush();
      if (events != transfers) {
        throw new IllegalStateException("the node has " + events + " Transfers, not " + transfers);
      }
      return rate;
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, String> streamEnv(String gatewayUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("STREAM_CHAIN_CONFIG_URL", gatewayUrl);
    env.put("STREAM_REBUILD_AT_START", "false");
    if (headerCache != null) {
      env.put("STREAM_INGEST_HEADER_CACHE_SIZE", Integer.toString(headerCache));
    }
    return env;
  }

  private static long median(List<Long> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  /**
   * Waits until chain-events carried every event of the log, so the next measure runs alone; the
   * seconds since {@code started}.
   */
  private static double awaitPublished(Connection db, long started) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      try (PreparedStatement s =
              db.prepareStatement(
                  "select count(*) from subscription where published_seq < last_seq");
          ResultSet r = s.executeQuery()) {
        if (r.next() && r.getLong(1) == 0) {
          return (System.nanoTime() - started) / 1e9;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("chain-events did not carry the log in 5 minutes");
  }

  private static void awaitChain(Connection db) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (PreparedStatement s = db.prepareStatement("select count(*) from chain where is_active");
          ResultSet r = s.executeQuery()) {
        if (r.next() && r.getLong(1) > 0) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream-service did not learn the dev chain within 60 s");
      }
      Thread.sleep(100);
    }
  }

  private static long lastSeq(Connection db, long id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("select last_seq from subscription where id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  /**
   * The node's Transfers of the token as positions (block number and log index in one long),
   * sorted: the order a subscription's log must hold them in.
   */
  private long[] positions(DevChain chain, TestToken token, long first, long last) {
    List<Long> all = new ArrayList<>();
    for (long from = first; from <= last; from += rawChunk) {
      long to = Math.min(last, from + rawChunk - 1);
      for (JsonNode log : chain.getLogs(from, to, token.address(), TestToken.TRANSFER_TOPIC0)) {
        all.add(
            position(
                Long.decode(log.get("blockNumber").asText()),
                Long.decode(log.get("logIndex").asText())));
      }
    }
    return all.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static long position(long block, long logIndex) {
    return (block << 24) | logIndex;
  }

  private static String position(long position) {
    return "(block " + (position >>> 24) + ", log index " + (position & 0xffffff) + ")";
  }

  /**
   * What is wrong with subscription {@code id}'s log, or null: its seqs must run 1..n without a
   * gap, and its events, in seq order, must be the node's Transfers {@code node}, each once, in
   * (block, log index) order.
   */
  private static String checkLog(Connection db, long id, long[] node) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "select seq, block_number, log_index from event_log where subscription_id = ?"
                + " order by seq")) {
      s.setLong(1, id);
      s.setFetchSize(10_000);
      db.setAutoCommit(false);
      try (ResultSet r = s.executeQuery()) {
        long n = 0;
        long previous = -1;
        while (r.next()) {
          long seq = r.getLong(1);
          long at = position(r.getLong(2), r.getInt(3));
          if (seq != n + 1) {
            return "seq " + seq + " where " + (n + 1) + " was due";
          }
          if (at == previous) {
            return "seq " + seq + " repeats " + position(at);
          }
          if (at < previous) {
            return "seq " + seq + " at " + position(at) + " comes after " + position(previous);
          }
          if (n >= node.length) {
            return "seq " + seq + " at " + position(at) + ": the node has " + node.length;
          }
          if (at != node[(int) n]) {
            return "seq "
                + seq
                + " at "
                + position(at)
                + " where the node has "
                + position(node[(int) n]);
          }
          previous = at;
          n++;
        }
        return n == node.length ? null : n + " events, the node has " + node.length;
      } finally {
        db.commit();
        db.setAutoCommit(true);
      }
    }
  }

  private static String subscription(long id, String token, long startBlock) {
    String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
    return "{\"id\":"
        + id
        + ",\"topic0\":\""
        + TestToken.TRANSFER_TOPIC0
        + "\",\"event_signature\":{\"type\":\"event\",\"name\":\"Transfer\",\"anonymous\":false,"
        + "\"inputs\":[{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
        + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
        + "{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]},"
        + "\"addresses\":[\""
        + token
        + "\"],\"start_block\":"
        + startBlock
        + ",\"end_block\":null,\"chain_id\":"
        + DevChain.CHAIN_ID
        + ",\"subscriber_id\":\"loadtest\",\"created_at\":\""
        + now
        + "\",\"updated_at\":\""
        + now
        + "\"}";
  }
}
