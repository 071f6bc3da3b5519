package dev.eventstreamer.loadtest;

import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.time.Timestamps;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * subscription-service's create and list latencies, each judged against a baseline measured in the
 * same run and interleaved with it: the same database work over plain JDBC at the same rate (a
 * create's two-row insert of subscription and outbox event in one transaction; a list's count and
 * page). What the service adds over its own database work is what is judged, so a busy machine
 * slows both sides alike.
 */
@Command(
    name = "subscriptions",
    mixinStandardHelpOptions = true,
    description =
        "subscription-service: create and list latency against the same SQL over plain JDBC.")
final class SubscriptionsScenario implements Callable<Integer> {

  private static final long CHAIN_ID = 990_002;
  private static final String TRANSFER_TOPIC0 =
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  private static final String TRANSFER_ABI =
      "{\"type\":\"event\",\"name\":\"Transfer\",\"anonymous\":false,\"inputs\":["
          + "{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]}";
  private static final String CREATED_BY_SERVICE = "load-create-";
  private static final String CREATED_BY_BASELINE = "load-baseline-";

  // A create as subscription-service writes it: Hibernate inserts every mapped column of the
  // entity and reads the generated id back, then the outbox row goes in as OutboxSessions writes
  // it, in the same transaction.
  private static final String INSERT_SUBSCRIPTION =
      "insert into subscription (addresses, chain_id, created_at, end_block, event_signature,"
          + " events_delivered, last_event_id, last_processed_block, progress_at, resume_token,"
          + " start_block, is_streaming, streaming_status, subscriber_id, topic0, updated_at)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id";
  private static final String INSERT_OUTBOX =
      "insert into outbox (event_id, channel, key, type, source, subject, data, correlation_id)"
          + " values (cast(? as text), ?, ?, ?, ?, cast(? as text),"
          + " cast(cast(? as text) as jsonb), cast(? as text))";
  // A list as the service reads it: the subscriber's total, then the page in id order.
  private static final String COUNT = "select count(*) from subscription where subscriber_id = ?";
  private static final String PAGE =
      "select id, addresses, chain_id, created_at, end_block, event_signature, events_delivered,"
          + " last_event_id, last_processed_block, progress_at, resume_token, start_block,"
          + " is_streaming, streaming_status, subscriber_id, topic0, updated_at"
          + " from subscription where subscriber_id = ? order by id offset ? rows"
          + " fetch first ? rows only";
  private static final int PAGE_SIZE = 20;
  // The service has settled after a warm-up when, idle, it spends less CPU than this: the JIT's
  // compilers have caught up with what the warm-up made hot.
  private static final double SETTLED_MILLIS_PER_SECOND = 50;

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(names = "--create-rate", defaultValue = "300", description = "creates/s")
  int createRate;

  @Option(names = "--list-rate", defaultValue = "300", description = "list requests/s")
  int listRate;

  @Option(
      names = "--duration",
      defaultValue = "30",
      description = "measured seconds per phase and target (service, JDBC baseline)")
  int durationSeconds;

  @Option(
      names = "--warmup",
      defaultValue = "15",
      description = "warm-up seconds per phase and target")
  int warmupSeconds;

  @Option(
      names = "--slice",
      defaultValue = "5",
      description = "seconds per slice: the service and the baseline take turns")
  int sliceSeconds;

  @Option(
      names = "--settle",
      defaultValue = "120",
      description =
          "seconds the service may take after a warm-up to be idle again (its JIT done) before"
              + " the measured slices start anyway (default: ${DEFAULT-VALUE})")
  int settleSeconds;

  @Option(names = "--slices", description = "print each slice's p99 (to see warm-up or GC)")
  boolean slices;

  @Option(
      names = "--create-margin",
      defaultValue = "10",
      description = "ms a create's p99 may exceed the JDBC baseline's (default: ${DEFAULT-VALUE})")
  double createMarginMs;

  @Option(
      names = "--list-margin",
      defaultValue = "5",
      description = "ms a list's p99 may exceed the JDBC baseline's (default: ${DEFAULT-VALUE})")
  double listMarginMs;

  @Option(names = "--stored", defaultValue = "100000", description = "subscriptions stored")
  int stored;

  @Option(
      names = "--subscribers",
      defaultValue = "1000",
      description = "subscribers the stored subscriptions belong to")
  int subscribers;

  @Option(names = "--connections", defaultValue = "32", description = "HTTP connections")
  int connections;

  @Option(
      names = "--jdbc-connections",
      defaultValue = "20",
      description = "the baseline's connections (default: the service's reactive pool size)")
  int jdbcConnections;

  @Option(
      names = "--jfr",
      description =
          "record the service's measured create slices with JDK Flight Recorder into this file"
              + " and print where its CPU went")
  Path jfr;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (ServiceUnderTest service = serviceOptions.start("subscription-service", out);
        Connection db = service.connectToDatabase();
        JdbcOpenLoop jdbc = new JdbcOpenLoop(service::connectToDatabase, jdbcConnections)) {
      knowChain(db);
      HttpClient client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(connections));
      Target createService =
          new Target("create", service, d -> creates(vertx, client, service.port(), d));
      Target createJdbc = new Target("create/jdbc", service, d -> jdbcCreates(jdbc, d));
      out.printf(
          "creates: warming up %d s each (JDBC, then the service), then %d s each at %d/s in %d s"
              + " slices%n",
          warmupSeconds, durationSeconds, createRate, sliceSeconds);
      out.flush();
      long createdByService = phase(out, createJdbc, createService, service, jfr != null);
      Stored creates = storedCreates(db, createdByService);

      out.printf("storing %,d subscriptions of %,d subscribers...%n", stored, subscribers);
      out.flush();
      store(db);
      Target listService =
          new Target("list", service, d -> lists(vertx, client, service.port(), d));
      Target listJdbc = new Target("list/jdbc", service, d -> jdbcLists(jdbc, d));
      out.printf(
          "lists: warming up %d s each, then %d s each at %d/s in %d s slices%n",
          warmupSeconds, durationSeconds, listRate, sliceSeconds);
      out.flush();
      phase(out, listJdbc, listService, service, false);

      out.println();
      out.println("latency in ms; from schedule | from send");
      Report.header(out);
      for (Target t : List.of(createService, createJdbc, listService, listJdbc)) {
        Report.row(out, t.name, t.result);
      }
      out.printf(
          Locale.ROOT,
          "subscription-service CPU: %.0f us per create; %.0f us per JDBC create (what it spends"
              + " meanwhile: its relay publishing their events, the JIT if still compiling); %.0f us"
              + " per list; %.0f us per JDBC list%n",
          createService.cpuPerCall(),
          createJdbc.cpuPerCall(),
          listService.cpuPerCall(),
          listJdbc.cpuPerCall());
      out.printf(
          Locale.ROOT,
          "  of it the JIT's compilers: %.0f%% in the create slices, %.0f%% in the JDBC create"
              + " slices, %.0f%% in the list slices, %.0f%% in the JDBC list slices%s%n",
          createService.jitPercent(),
          createJdbc.jitPercent(),
          listService.jitPercent(),
          listJdbc.jitPercent(),
          createService.jitPercent() > 20 || listService.jitPercent() > 20
              ? " (the service was still being compiled: a longer --warmup gives figures of the"
                  + " compiled code)"
              : "");
      HostCpu host =
          createService.host.plus(createJdbc.host).plus(listService.host).plus(listJdbc.host);
      out.printf(
          Locale.ROOT,
          "machine while measuring: %.0f%% busy, %.1f%% stolen by the hypervisor%n",
          host.busyPercent(),
          host.stealPercent());
      out.printf(
          "stored: %,d subscriptions for %,d creates answered 201, %,d created events in the"
              + " outbox, %,d of them published%n",
          creates.rows, createdByService, creates.events, creates.published);
      if (jdbc.firstFailure() != null) {
        out.println("first JDBC failure: " + jdbc.firstFailure());
      }
      if (jfr != null) {
        Profile.print(out, jfr, "dev.eventstreamer.");
      }

      double createP99 = p99(createService);
      double createBase = p99(createJdbc);
      double listP99 = p99(listService);
      double listBase = p99(listJdbc);
      boolean createMet = createP99 <= createBase + createMarginMs;
      boolean listMet = listP99 <= listBase + listMarginMs;
      long failures =
          failures(createService)
              + failures(createJdbc)
              + failures(listService)
              + failures(listJdbc);
      long unanswered =
          createService.result.unanswered()
              + createJdbc.result.unanswered()
              + listService.result.unanswered()
              + listJdbc.result.unanswered();
      // A create answered later than the generator waited is stored without its 201 counted.
      boolean storedAll =
          creates.rows >= createdByService
              && creates.events == creates.rows
              && creates.published == creates.rows;
      boolean correct = failures == 0 && unanswered == 0 && storedAll;
      out.printf(
          Locale.ROOT,
          "verdict: create at %d/s p99 %.1f ms, JDBC baseline %.1f ms + %.0f (%s); list at %d/s"
              + " over %,d stored p99 %.1f ms, JDBC baseline %.1f ms + %.0f (%s); from schedule; %d"
              + " calls failed or answered wrong, %d measured ones unanswered 10 s after their"
              + " slice; every create stored with its event published: %s%n",
          createRate,
          createP99,
          createBase,
          createMarginMs,
          createMet ? "met" : "NOT met",
          listRate,
          stored,
          listP99,
          listBase,
          listMarginMs,
          listMet ? "met" : "NOT met",
          failures,
          unanswered,
          storedAll ? "yes" : "NO");
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return createMet && listMet && correct ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Drives one target at its phase's rate for a while; the result of that run. */
  @FunctionalInterface
  private interface Drive {
    OpenLoop.Result run(Duration duration) throws Exception;
  }

  /** One of the interleaved targets: its totals over the measured slices and the CPU they took. */
  private static final class Target {
    final String name;
    final ServiceUnderTest service;
    final Drive drive;
    OpenLoop.Result result = OpenLoop.Result.empty();
    OpenLoop.Result warmup = OpenLoop.Result.empty();
    Duration cpu = Duration.ZERO;
    Duration jit = Duration.ZERO;
    HostCpu host = HostCpu.NONE;

    Target(String name, ServiceUnderTest service, Drive drive) {
      this.name = name;
      this.service = service;
      this.drive = drive;
    }

    OpenLoop.Result slice(Duration slice) throws Exception {
      Duration before = service.cpu();
      Duration jitBefore = service.jitCpu();
      HostCpu hostBefore = HostCpu.now();
      OpenLoop.Result r = drive.run(slice);
      host = host.plus(HostCpu.now().minus(hostBefore));
      cpu = cpu.plus(service.cpu().minus(before));
      jit = jit.plus(service.jitCpu().minus(jitBefore));
      result = result.plus(r);
      return r;
    }

    double cpuPerCall() {
      return result.succeeded() == 0 ? Double.NaN : cpu.toNanos() / 1000.0 / result.succeeded();
    }

    /** The share of the service's CPU in this target's slices that its JIT compilers took. */
    double jitPercent() {
      return cpu.isZero() ? Double.NaN : 100.0 * jit.toNanos() / cpu.toNanos();
    }
  }

  // No answer is no figure: NaN, which meets no budget.
  private static double p99(Target t) {
    return t.result.succeeded() == 0 ? Double.NaN : Report.millis(t.result.fromSchedule(), 99);
  }

  // Wrong answers and errors, warm-up included; a warm-up's late answers are the JIT's, not errors.
  private static long failures(Target t) {
    return t.result.failed() + t.warmup.failed();
  }

  /**
   * Warms both targets up and lets the service settle, then runs them in turns of one slice each
   * (the order swapped every round, so neither always follows the other) until each had its
   * measured seconds. With {@code record}, JFR records the slices. Returns the calls the service
   * answered as expected, warm-up included.
   */
  private long phase(
      PrintWriter out, Target baseline, Target service, ServiceUnderTest jvm, boolean record)
      throws Exception {
    baseline.warmup = baseline.drive.run(Duration.ofSeconds(warmupSeconds));
    service.warmup = service.drive.run(Duration.ofSeconds(warmupSeconds));
    settle(out, jvm);
    if (record) {
      jvm.jcmd("JFR.start", "name=loadtest", "settings=profile");
    }
    int round = 0;
    for (int done = 0; done < durationSeconds; done += sliceSeconds, round++) {
      Duration slice = Duration.ofSeconds(Math.min(sliceSeconds, durationSeconds - done));
      List<Target> turn = round % 2 == 0 ? List.of(baseline, service) : List.of(service, baseline);
      List<String> line = new ArrayList<>();
      for (Target t : turn) {
        OpenLoop.Result r = t.slice(slice);
        line.add(
            r.succeeded() == 0
                ? t.name + " none answered"
                : String.format(
                    Locale.ROOT, "%s %.1f ms", t.name, Report.millis(r.fromSchedule(), 99)));
      }
      if (slices) {
        out.printf("  slice at %3d s: p99 from schedule %s%n", done, String.join(", ", line));
        out.flush();
      }
    }
    if (record) {
      jvm.jcmd("JFR.stop", "name=loadtest", "filename=" + jfr.toAbsolutePath());
    }
    return service.warmup.succeeded() + service.result.succeeded();
  }

  /**
   * Waits, up to {@code --settle} seconds, until the idle service spends less than {@value
   * #SETTLED_MILLIS_PER_SECOND} ms of CPU a second, two seconds in a row. A warm-up leaves the
   * JIT's compilers a queue of hot methods; on a busy machine they take many seconds over it, and
   * would otherwise take the CPU from the first measured slices.
   */
  private void settle(PrintWriter out, ServiceUnderTest jvm) throws InterruptedException {
    long started = System.nanoTime();
    int quiet = 0;
    double perSecond = Double.NaN;
    while (quiet < 2 && System.nanoTime() - started < settleSeconds * 1_000_000_000L) {
      Duration before = jvm.cpu();
      Thread.sleep(1000);
      perSecond = jvm.cpu().minus(before).toNanos() / 1e6;
      quiet = perSecond < SETTLED_MILLIS_PER_SECOND ? quiet + 1 : 0;
    }
    out.printf(
        Locale.ROOT,
        "  the service %s %.0f s after the warm-up: %.0f ms CPU per second idle%n",
        quiet >= 2 ? "settled" : "had NOT settled (the JIT still compiling?)",
        (System.nanoTime() - started) / 1e9,
        perSecond);
    out.flush();
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

  // Each create names a new contract; the index runs on over warm-up and slices.
  private long serviceCreates;
  private long jdbcCreates;

  private OpenLoop.Result creates(Vertx vertx, HttpClient client, int port, Duration duration)
      throws Exception {
    long first = serviceCreates;
    serviceCreates += Math.max(1, Math.round(createRate * (duration.toNanos() / 1e9)));
    OpenLoop.Requests requests =
        index ->
            OpenLoop.Request.post(
                "/subscriptions",
                Buffer.buffer(createBody(first + index).getBytes(StandardCharsets.UTF_8)));
    OpenLoop.Expect created =
        new OpenLoop.Expect(201, body -> body.toString(StandardCharsets.UTF_8).contains("\"id\""));
    return OpenLoop.run(vertx, client, port, requests, created, createRate, duration);
  }

  private static String createBody(long index) {
    return "{\"topic0\":\""
        + TRANSFER_TOPIC0
        + "\",\"event_signature\":"
        + TRANSFER_ABI
        + ",\"addresses\":[\""
        + address(index)
        + "\"],\"start_block\":0,\"end_block\":null,\"chain_id\":"
        + CHAIN_ID
        + ",\"subscriber_id\":\""
        + CREATED_BY_SERVICE
        + (index % 100)
        + "\"}";
  }

  // A contract address per create, lowercase (valid without a checksum).
  private static String address(long index) {
    return String.format("0x%040x", 0x1000_0000L + index);
  }

  private OpenLoop.Result jdbcCreates(JdbcOpenLoop jdbc, Duration duration)
      throws InterruptedException {
    long first = 1_000_000_000L + jdbcCreates;
    jdbcCreates += Math.max(1, Math.round(createRate * (duration.toNanos() / 1e9)));
    return jdbc.run((db, index) -> jdbcCreate(db, first + index), createRate, duration);
  }

  /** One create's database work as the service does it, in one transaction. */
  private static boolean jdbcCreate(Connection db, long index) throws SQLException {
    db.setAutoCommit(false);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String subscriber = CREATED_BY_BASELINE + (index % 100);
    String addresses = "[\"" + address(index) + "\"]";
    long id;
    try (PreparedStatement s = db.prepareStatement(INSERT_SUBSCRIPTION)) {
      s.setString(1, addresses);
      s.setLong(2, CHAIN_ID);
      s.setTimestamp(3, Timestamp.from(now));
      s.setNull(4, Types.BIGINT);
      s.setString(5, TRANSFER_ABI);
      s.setLong(6, 0);
      s.setNull(7, Types.VARCHAR);
      s.setNull(8, Types.BIGINT);
      s.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
      s.setNull(10, Types.VARCHAR);
      s.setLong(11, 0);
      s.setBoolean(12, false);
      s.setString(13, "idle");
      s.setString(14, subscriber);
      s.setString(15, TRANSFER_TOPIC0);
      s.setTimestamp(16, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        id = r.getLong(1);
      }
    }
    String at = Timestamps.format(now);
    // The event's data is the create's answer, the size the service stores.
    String data =
        "{\"id\":"
            + id
            + ",\"topic0\":\""
            + TRANSFER_TOPIC0
            + "\",\"event_signature\":"
            + TRANSFER_ABI
            + ",\"addresses\":[\""
            + address(index)
            + "\"],\"start_block\":0,\"end_block\":null,\"chain_id\":"
            + CHAIN_ID
            + ",\"subscriber_id\":\""
            + subscriber
            + "\",\"last_processed_block\":null,\"is_streaming\":false,"
            + "\"streaming_status\":\"idle\",\"resume_token\":null,\"last_event_id\":null,"
            + "\"events_delivered\":0,\"created_at\":\""
            + at
            + "\",\"updated_at\":\""
            + at
            + "\"}";
    try (PreparedStatement o = db.prepareStatement(INSERT_OUTBOX)) {
      o.setString(1, UUID.randomUUID().toString());
      o.setString(2, Channels.SUBSCRIPTION_EVENTS);
      o.setString(3, Long.toString(id));
      o.setString(4, EventTypes.SUBSCRIPTION_CREATED);
      o.setString(5, EventSources.SUBSCRIPTION_SERVICE);
      o.setString(6, Long.toString(id));
      o.setString(7, data);
      o.setString(8, UUID.randomUUID().toString());
      o.executeUpdate();
    }
    db.commit();
    return true;
  }

  /** What the service's creates left in its database. */
  private record Stored(long rows, long events, long published) {}

  /**
   * Counts the service's created subscriptions and their created events, waiting up to 30 s for the
   * outbox relay to publish the last of them.
   */
  private static Stored storedCreates(Connection db, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Stored s;
      try (PreparedStatement q =
          db.prepareStatement(
              "select count(*), count(o.id), count(o.sent_at) from subscription s"
                  + " left join outbox o on o.key = s.id::text and o.type = ?"
                  + " where s.subscriber_id like ?")) {
        q.setString(1, EventTypes.SUBSCRIPTION_CREATED);
        q.setString(2, CREATED_BY_SERVICE + "%");
        try (ResultSet r = q.executeQuery()) {
          r.next();
          s = new Stored(r.getLong(1), r.getLong(2), r.getLong(3));
        }
      }
      if (s.published >= Math.max(expected, s.rows) || System.nanoTime() > deadline) {
        return s;
      }
      Thread.sleep(100);
    }
  }

  /** Rows as the service stores them, written in one statement: the API would take minutes. */
  private void store(Connection db) throws Exception {
    db.setAutoCommit(true);
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

  private int pages() {
    return Math.max(1, stored / subscribers / PAGE_SIZE);
  }

  // The list call of an index: which subscriber, which page.
  private int subscriberOf(long index) {
    return (int) (index * 7919 % subscribers);
  }

  private int pageOf(long index) {
    return (int) (1 + index % pages());
  }

  /** How many stored subscriptions subscriber {@code k} has ({@code 'load-list-' || g % n}). */
  private long total(int k) {
    return k == 0 ? stored / subscribers : k > stored ? 0 : (stored - k) / subscribers + 1;
  }

  private long rowsOnPage(int k, int page) {
    return Math.max(0, Math.min(PAGE_SIZE, total(k) - (long) (page - 1) * PAGE_SIZE));
  }

  private OpenLoop.Result lists(Vertx vertx, HttpClient client, int port, Duration duration)
      throws Exception {
    OpenLoop.Requests requests =
        index ->
            OpenLoop.Request.get(
                "/subscriptions?subscriber_id=load-list-"
                    + subscriberOf(index)
                    + "&page="
                    + pageOf(index)
                    + "&page_size="
                    + PAGE_SIZE);
    // The index of an answer is not at hand here: the body must name one subscriber's total and
    // hold as many of that subscriber's rows as the page has.
    Predicate<Buffer> listed =
        body -> {
          String text = body.toString(StandardCharsets.UTF_8);
          int at = text.indexOf("\"subscriber_id\":\"load-list-");
          if (at < 0) {
            return false;
          }
          int k = intAfter(text, "\"subscriber_id\":\"load-list-");
          int page = intAfter(text, "\"page\":");
          String mark = "\"subscriber_id\":\"load-list-" + k + "\"";
          return text.contains("\"total\":" + total(k) + ",")
              && occurrences(text, mark) == rowsOnPage(k, page);
        };
    return OpenLoop.run(
        vertx, client, port, requests, OpenLoop.Expect.ok(listed), listRate, duration);
  }

  // The digits that follow the first {@code mark} in {@code text}.
  private static int intAfter(String text, String mark) {
    int from = text.indexOf(mark) + mark.length();
    int to = from;
    while (to < text.length() && Character.isDigit(text.charAt(to))) {
      to++;
    }
    return Integer.parseInt(text.substring(from, to));
  }

  private static int occurrences(String text, String mark) {
    int n = 0;
    for (int at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + 1)) {
      n++;
    }
    return n;
  }

  private OpenLoop.Result jdbcLists(JdbcOpenLoop jdbc, Duration duration)
      throws InterruptedException {
    return jdbc.run(this::jdbcList, listRate, duration);
  }

  /** One list's database work as the service does it: the total, then the page, every column. */
  private boolean jdbcList(Connection db, long index) throws SQLException {
    db.setAutoCommit(true);
    int k = subscriberOf(index);
    int page = pageOf(index);
    String subscriber = "load-list-" + k;
    long count;
    try (PreparedStatement c = db.prepareStatement(COUNT)) {
      c.setString(1, subscriber);
      try (ResultSet r = c.executeQuery()) {
        r.next();
        count = r.getLong(1);
      }
    }
    long rows = 0;
    try (PreparedStatement p = db.prepareStatement(PAGE)) {
      p.setString(1, subscriber);
      p.setInt(2, (page - 1) * PAGE_SIZE);
      p.setInt(3, PAGE_SIZE);
      try (ResultSet r = p.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          for (int i = 1; i <= columns; i++) {
            r.getObject(i);
          }
          rows++;
        }
      }
    }
    return count == total(k) && rows == rowsOnPage(k, page);
  }
}
