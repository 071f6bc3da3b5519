package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaServer;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * rule-engine-service on the workload of aws-lambda-stream's anchor (docs/benchmarks/rules.md): the
 * same 100,000 Transfer logs, through (a) ten stateless rules (a filter and an emit each) and (b)
 * two materialize rules keeping balances. It checks the counts and the balances, and prints
 * events/s and CPU per event against the anchor's figures.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "rule-engine-service: ten stateless rules, then two materialize rules, over 100,000 Transfers.")
final class RulesScenario implements Callable<Integer> {

  // aws-lambda-stream 1.0.0 on this VM (reference notes, section 8), events/s.
  static final double ANCHOR_STATELESS = 1_093;
  static final double ANCHOR_MATERIALIZE = 4_497;
  static final String ZERO = "0x0000000000000000000000000000000000000000";
  static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(
      names = "--events",
      defaultValue = "100000",
      description = "Transfers (default: ${DEFAULT-VALUE})")
  int events;

  @Option(names = "--stateless-budget", defaultValue = "10", description = "x the anchor, case (a)")
  double statelessBudget;

  @Option(
      names = "--materialize-budget",
      defaultValue = "3",
      description = "x the anchor, case (b)")
  double materializeBudget;

  /** One generated Transfer. */
  record Transfer(
      String contract, String from, String to, String value, long block, int logIndex) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Transfer> transfers = generate(events);
    try (ServiceUnderTest rules = serviceOptions.start("rule-engine-service", out)) {
      double stateless = stateless(rules, transfers, out);
      double materialize = materialize(rules, transfers, out);
      boolean ok = true;
      ok &= judge(out, "(a) stateless", stateless, ANCHOR_STATELESS, statelessBudget);
      ok &= judge(out, "(b) materialize", materialize, ANCHOR_MATERIALIZE, materializeBudget);
      return ok ? 0 : 1;
    }
  }

  private static boolean judge(
      PrintWriter out, String name, double rate, double anchor, double budget) {
    boolean ok = rate >= anchor * budget;
    out.printf(
        Locale.ROOT,
        "%s: %.0f events/s = %.1fx the anchor's %.0f (budget %.0fx): %s%n",
        name,
        rate,
        rate / anchor,
        anchor,
        budget,
        ok ? "within" : "OVER BUDGET");
    return ok;
  }

  /** Ten rules, rule k emitting for each Transfer of value at least 10^(3k). */
  private double stateless(ServiceUnderTest rules, List<Transfer> transfers, PrintWriter out)
      throws Exception {
    String[] forms = {"\"Transfer\"", "{\"regex\": \"ransf\"}", "[\"Transfer\", \"Approval\"]"};
    long[] expected = new long[10];
    for (Transfer t : transfers) {
      BigInteger v = new BigInteger(t.value());
      for (int k = 0; k < 10; k++) {
        if (v.compareTo(BigInteger.TEN.pow(3 * k)) >= 0) {
          expected[k]++;
        }
      }
    }
    for (int k = 0; k < 10; k++) {
      rules.send(
          "POST",
          "/api/rules",
          """
          {"id": "stateless-%d", "flavor": "task", "event_type": %s,
           "filters": ["$number(event.data.value) >= 1e%d"], "emit": "derived-%d"}
          """
              .formatted(k, forms[k % forms.length], 3 * k, k));
    }
    double rate = run(rules, transfers, "a", "stateless-0", expected[0], out);
    long total = 0;
    for (int k = 0; k < 10; k++) {
      long emitted = stats(rules, "stateless-" + k).path("emitted").asLong();
      total += emitted;
      if (emitted != expected[k]) {
        out.printf("stateless-%d emitted %d events, %d expected%n", k, emitted, expected[k]);
      }
    }
    try (Connection db = rules.connectToDatabase();
        PreparedStatement q =
            db.prepareStatement("select count(*) from outbox where type like 'derived-%'")) {
      ResultSet rs = q.executeQuery();
      rs.next();
      out.printf(
          "(a) derived events: %d emitted, %d in the outbox (each once), %d expected%n",
          total, rs.getLong(1), java.util.Arrays.stream(expected).sum());
    }
    for (int k = 0; k < 10; k++) {
      rules.send("DELETE", "/api/rules/stateless-" + k, "");
    }
    return rate;
  }

  /** Two materialize rules: credit the receiver, debit the sender, mints and burns skipped. */
  private double materialize(ServiceUnderTest rules, List<Transfer> transfers, PrintWriter out)
      throws Exception {
    for (String[] side :
        new String[][] {
          {"credit", "to", "event.data.value"}, {"debit", "from", "'-' & event.data.value"}
        }) {
      rules.send(
          "POST",
          "/api/rules",
          """
          {"id": "%s", "flavor": "materialize", "event_type": "Transfer",
           "filters": ["event.data.%s != '%s'"],
           "to_update_request": "{'key': {'pk': event.data.%s, 'sk': 'balance'}, 'add': {'balance': %s}}"}
          """
              .formatted(side[0], side[1], ZERO, side[1], side[2]));
    }
    long credits = transfers.stream().filter(t -> !t.to().equals(ZERO)).count();
    double rate = run(rules, transfers, "b", "credit", credits, out);
    Map<String, BigInteger> expected = new HashMap<>();
    for (Transfer t : transfers) {
      if (!t.to().equals(ZERO)) {
        expected.merge(t.to(), new BigInteger(t.value()), BigInteger::add);
      }
      if (!t.from().equals(ZERO)) {
        expected.merge(t.from(), new BigInteger(t.value()).negate(), BigInteger::add);
      }
    }
    int wrong = 0;
    try (Connection db = rules.connectToDatabase();
        PreparedStatement q =
            db.prepareStatement(
                "select pk, data->>'balance' from rule_view where sk = 'balance'")) {
      ResultSet rs = q.executeQuery();
      int rows = 0;
      while (rs.next()) {
        rows++;
        if (!new BigInteger(rs.getString(2)).equals(expected.get(rs.getString(1)))) {
          wrong++;
        }
      }
      out.printf(
          "(b) %d balances, %d expected, %d wrong; %d updates%n",
          rows,
          expected.size(),
          wrong,
          stats(rules, "credit").path("written").asLong()
              + stats(rules, "debit").path("written").asLong());
    }
    return rate;
  }

  /**
   * Publishes the Transfers (ids of run {@code tag}) and waits until the rule has matched the
   * {@code expected} of them (it also receives the events the rules emit, which match none).
   */
  private double run(
      ServiceUnderTest rules,
      List<Transfer> transfers,
      String tag,
      String ruleId,
      long expected,
      PrintWriter out)
      throws Exception {
    long cpuBefore = rules.cpu().toNanos();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.shared().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (Transfer t : transfers) {
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(Channels.CHAIN_EVENTS, "1", payload(t));
        String id = tag + "-1-" + t.block() + "-" + t.logIndex();
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_type", EventTypes.CHAIN_LOG);
        header(record, "ce_source", EventSources.STREAM_SERVICE);
        header(record, "ce_subject", "1");
        header(record, "ce_partitionkey", "1");
        header(record, "ce_time", Instant.ofEpochMilli(timestamp(t)).toString());
        header(record, "content-type", "application/json");
        producer.send(record);
      }
      producer.flush();
    }
    long first = 0;
    long last = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    long received = 0;
    long stableSince = 0;
    // Done when the rule has matched every event it should and nothing more comes for two seconds.
    while (System.nanoTime() < deadline) {
      long now = stats(rules, ruleId).path("matched").asLong();
      if (first == 0 && now > 0) {
        first = System.nanoTime();
      }
      if (now != received) {
        received = now;
        last = System.nanoTime();
        stableSince = last;
      } else if (received >= expected
          && System.nanoTime() - stableSince > Duration.ofSeconds(2).toNanos()) {
        break;
      }
      Thread.sleep(100);
    }
    double seconds = (last - first) / 1e9;
    double rate = transfers.size() / seconds;
    double cpuMsPerEvent = (rules.cpu().toNanos() - cpuBefore) / 1e6 / transfers.size();
    out.printf(
        Locale.ROOT,
        "(%s) %d events (%d matched the rule waited on) in %.1f s: %.0f events/s,"
            + " %.3f ms CPU per event%n",
        tag,
        transfers.size(),
        received,
        seconds,
        rate,
        cpuMsPerEvent);
    return rate;
  }

  private static JsonNode stats(ServiceUnderTest rules, String id) throws Exception {
    return JSON.readTree(rules.send("GET", "/api/rules/" + id + "/stats", ""));
  }

  private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static long timestamp(Transfer t) {
    return 1_700_000_000_000L + (t.block() - 19_000_000L) * 12_000L;
  }

  private static byte[] payload(Transfer t) {
    String json =
        "{\"event_name\":\"Transfer\",\"from\":\""
            + t.from()
            + "\",\"to\":\""
            + t.to()
            + "\",\"value\":\""
            + t.value()
            + "\",\"block_number\":"
            + t.block()
            + ",\"log_index\":"
            + t.logIndex()
            + ",\"address\":\""
            + t.contract()
            + "\",\"chain_id\":1,\"subscription_id\":1,\"timestamp\":\""
            + Instant.ofEpochMilli(timestamp(t))
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The anchor's events (reference notes, section 8): mulberry32 seeded 0x5eed2026. */
  static List<Transfer> generate(int count) {
    Mulberry32 rnd = new Mulberry32(0x5eed2026);
    List<String> contracts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      contracts.add(address(rnd));
    }
    List<String> holders = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      holders.add(address(rnd));
    }
    List<Transfer> transfers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String contract = contracts.get((int) Math.floor(rnd.next() * 20));
      double kind = rnd.next();
      String from = holders.get((int) Math.floor(rnd.next() * 5000));
      String to = holders.get((int) Math.floor(rnd.next() * 5000));
      int digits = 1 + (int) Math.floor(rnd.next() * 30);
      StringBuilder value = new StringBuilder();
      value.append(1 + (int) Math.floor(rnd.next() * 9));
      for (int d = 1; d < digits; d++) {
        value.append((int) Math.floor(rnd.next() * 10));
      }
      StringBuilder hash = new StringBuilder("0x");
      for (int d = 0; d < 64; d++) {
        hash.append(Integer.toHexString((int) Math.floor(rnd.next() * 16)));
      }
      if (kind < 0.01) {
        from = ZERO;
      } else if (kind >= 0.99) {
        to = ZERO;
      }
      long block = 19_000_000L + i / 100;
      transfers.add(new Transfer(contract, from, to, value.toString(), block, i % 100));
    }
    return transfers;
  }

  private static String address(Mulberry32 rnd) {
    StringBuilder a = new StringBuilder("0x");
    for (int d = 0; d < 40; d++) {
      a.append(Integer.toHexString((int) Math.floor(rnd.next() * 16)));
    }
    return a.toString();
  }

  /** mulberry32, as the anchor's generator: 32-bit unsigned arithmetic. */
  static final class Mulberry32 {
    private int a;

    Mulberry32(int seed) {
      this.a = seed;
    }

    double next() {
      a += 0x6d2b79f5;
      int t = a;
      t = (t ^ (t >>> 15)) * (t | 1);
      t ^= t + (t ^ (t >>> 7)) * (t | 61);
      return Integer.toUnsignedLong(t ^ (t >>> 14)) / 4294967296.0;
    }
  }
}
