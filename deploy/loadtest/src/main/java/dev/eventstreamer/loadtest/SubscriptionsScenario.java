package dev.eventstreamer.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Issue 6's budgets: {@code POST /subscriptions} at a steady rate, then {@code GET
 * /subscriptions?subscriber_id=...} over a large stored set, against subscription-service with its
 * real database and broker.
 */
@Command(
    name = "subscriptions",
    mixinStandardHelpOptions = true,
    description = "subscription-service: create latency and list latency over many subscriptions.")
final class SubscriptionsScenario implements Callable<Integer> {

  private static final long CHAIN_ID = 990_002;
  private static final String TRANSFER_TOPIC0 =
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  private static final String TRANSFER_ABI =
      "{\"type\":\"event\",\"name\":\"Transfer\",\"anonymous\":false,\"inputs\":["
          + "{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]}";

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(names = "--create-rate", defaultValue = "300", description = "creates/s")
  int createRate;

  @Option(names = "--list-rate", defaultValue = "300", description = "list requests/s")
  int listRate;

  @Option(names = "--duration", defaultValue = "30", description = "measured seconds per phase")
  int durationSeconds;

  @Option(names = "--warmup", defaultValue = "15", description = "warm-up seconds per phase")
  int warmupSeconds;

  @Option(names = "--stored", defaultValue = "100000", description = "subscriptions stored")
  int stored;

  @Option(
      names = "--subscribers",
      defaultValue = "1000",
      description = "subscribers the stored subscriptions belong to")
  int subscribers;

  @Option(names = "--connections", defaultValue = "32", description = "HTTP connections")
  int connections;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (ServiceUnderTest service = serviceOptions.start("subscription-service", out);
        Connection db = service.connectToDatabase()) {
      knowChain(db);
      HttpClient client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(connections));
      OpenLoop.Result creates = creates(out, vertx, client, service.port());
      out.printf("storing %,d subscriptions of %,d subscribers...%n", stored, subscribers);
      store(db);
      OpenLoop.Result lists = lists(out, vertx, client, service.port());
      out.println();
      out.println("latency in ms; from schedule | from send");
      Report.header(out);
      Report.row(out, "create", creates);
      Report.row(out, "list", lists);
      out.printf(
          "create at %d/s: p99 %.3f ms (budget 20 ms); list at %d/s over %,d stored: p99"
              + " %.3f ms (budget 10 ms); from schedule%n",
          createRate,
          Report.millis(creates.fromSchedule(), 99),
          listRate,
          stored,
          Report.millis(lists.fromSchedule(), 99));
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return 0;
  }

  /**
   * The chain as the service's projection holds it after chain-config-service announced it; the
   * benchmark measures subscriptions, not the chain lookup.
   */
  private static void knowChain(Connection db) throws Exception {
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO chain (chain_id, is_active, version) VALUES (?, true, 1)")) {
      insert.setLong(1, CHAIN_ID);
      insert.executeUpdate();
    }
  }

  private OpenLoop.Result creates(PrintWriter out, Vertx vertx, HttpClient client, int port)
      throws Exception {
    OpenLoop.Requests requests =
        index ->
            OpenLoop.Request.post(
                "/subscriptions",
                Buffer.buffer(createBody(index).getBytes(StandardCharsets.UTF_8)));
    OpenLoop.Expect created =
        new OpenLoop.Expect(201, body -> body.toString(StandardCharsets.UTF_8).contains("\"id\""));
    out.printf(
        "creates: warming up %d s, then %d s at %d/s%n",
        warmupSeconds, durationSeconds, createRate);
    OpenLoop.run(
        vertx, client, port, requests, created, createRate, Duration.ofSeconds(warmupSeconds));
    return OpenLoop.run(
        vertx, client, port, requests, created, createRate, Duration.ofSeconds(durationSeconds));
  }

  private static String createBody(long index) {
    // A contract address per create, lowercase (valid without a checksum).
    String address = String.format("0x%040x", 0x1000_0000L + index);
    return "{\"topic0\":\""
        + TRANSFER_TOPIC0
        + "\",\"event_signature\":"
        + TRANSFER_ABI
        + ",\"addresses\":[\""
        + address
        + "\"],\"start_block\":0,\"end_block\":null,\"chain_id\":"
        + CHAIN_ID
        + ",\"subscriber_id\":\"load-create-"
        + (index % 100)
        + "\"}";
  }

  /** Rows as the service stores them, written in one statement: the API would take minutes. */
  private void store(Connection db) throws Exception {
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO subscription (topic0, event_signature, addresses, start_block, end_block,"
                + " chain_id, subscriber_id, created_at, updated_at)"
                + " SELECT ?, ?, '[\"0x' || lpad(to_hex(g), 40, '0') || '\"]', 0, NULL, ?,"
                + " 'load-list-' || (g % ?), now(), now()"
                + " FROM generate_series(1, ?) AS g")) {
      insert.setString(1, TRANSFER_TOPIC0);
      insert.setString(2, TRANSFER_ABI);
      insert.setLong(3, CHAIN_ID);
      insert.setInt(4, subscribers);
      insert.setInt(5, stored);
      insert.executeUpdate();
    }
    try (Statement analyze = db.createStatement()) {
      analyze.execute("ANALYZE subscription");
    }
  }

  private OpenLoop.Result lists(PrintWriter out, Vertx vertx, HttpClient client, int port)
      throws Exception {
    int pages = Math.max(1, stored / subscribers / 20);
    OpenLoop.Requests requests =
        index ->
            OpenLoop.Request.get(
                "/subscriptions?subscriber_id=load-list-"
                    + (index * 7919 % subscribers)
                    + "&page="
                    + (1 + index % pages)
                    + "&page_size=20");
    OpenLoop.Expect listed =
        OpenLoop.Expect.ok(body -> body.toString(StandardCharsets.UTF_8).contains("\"total\""));
    out.printf(
        "lists: warming up %d s, then %d s at %d/s%n", warmupSeconds, durationSeconds, listRate);
    OpenLoop.run(
        vertx, client, port, requests, listed, listRate, Duration.ofSeconds(warmupSeconds));
    return OpenLoop.run(
        vertx, client, port, requests, listed, listRate, Duration.ofSeconds(durationSeconds));
  }
}
