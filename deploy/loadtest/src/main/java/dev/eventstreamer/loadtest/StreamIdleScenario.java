package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.streamlog.SyntheticLog;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * stream-service holding many idle streams (subscriptions with nothing new): the live heap each
 * costs, measured after full collections before and after they open, and the CPU their heartbeats
 * take.
 */
@Command(
    name = "stream-idle",
    mixinStandardHelpOptions = true,
    description = "stream-service: heap per idle stream, with --connections open at once.")
final class StreamIdleScenario implements Callable<Integer> {

  private static final long FIRST = 800_000_001L;
  private static final int WARMUP = 500;
  private static final int PRINTED_FAILURES = 5;

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(names = "--connections", defaultValue = "10000", description = "streams held open")
  int connections;

  @Option(
      names = "--hold",
      defaultValue = "20",
      description = "seconds the streams stay open before the heap is measured (heartbeats flow)")
  int holdSeconds;

  @Option(
      names = "--heap-budget",
      defaultValue = "20480",
      description = "bytes of live heap an idle stream may cost (default: ${DEFAULT-VALUE})")
  double heapBudgetBytes;

  @Option(
      names = "--connection-timeout",
      defaultValue = "30m",
      description =
          "stream-service's connection timeout: the clients send no heartbeats, so a timeout"
              + " shorter than the hold closes their streams (default: ${DEFAULT-VALUE})")
  String connectionTimeout;

  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  // Streams that ended before the client closed them, and how the first one ended.
  private final AtomicInteger closedEarly = new AtomicInteger();
  private volatile String firstClose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx();
    try (ServiceUnderTest stream = serviceOptions.start("stream-service", out, idleSettings());
        Connection db = stream.connectToDatabase()) {
      long last = FIRST + WARMUP + connections - 1;
      try (Statement s = db.createStatement()) {
        s.execute(SyntheticLog.subscriptions(FIRST, last));
      }
      URI base = URI.create(stream.url());
      HttpClient client = client(vertx, base, WARMUP + connections);

      out.printf("warm-up: %d streams opened and closed%n", WARMUP);
      out.flush();
      AtomicBoolean warmupClosing = new AtomicBoolean();
      openAll(client, FIRST, WARMUP, out, warmupClosing);
      warmupClosing.set(true);
      client.close().toCompletionStage().toCompletableFuture().join();
      Thread.sleep(5_000);
      long heapBefore = stream.liveHeapBytes();
      opened.set(0);
      heartbeats.set(0);

      HttpClient idle = client(vertx, base, connections);
      long started = System.nanoTime();
      AtomicBoolean idleClosing = new AtomicBoolean();
      openAll(idle, FIRST + WARMUP, connections, out, idleClosing);
      double openSeconds = (System.nanoTime() - started) / 1e9;
      out.printf(
          Locale.ROOT,
          "  %,d streams open in %.1f s (%,.0f/s); holding them %d s%n",
          opened.get(),
          openSeconds,
          opened.get() / openSeconds,
          holdSeconds);
      out.flush();
      Duration cpuBefore = stream.cpu();
      Thread.sleep(holdSeconds * 1000L);
      Duration cpu = stream.cpu().minus(cpuBefore);
      long heapAfter = stream.liveHeapBytes();
      // Closed early: by the server while held or read, before the client closes them below.
      int early = closedEarly.get();
      double perConnection = (double) (heapAfter - heapBefore) / connections;
      out.printf(
          Locale.ROOT,
          "  live heap %,d -> %,d bytes: %,.0f bytes per idle stream; %,d heartbeats read;"
              + " stream-service CPU while holding: %.1f%% of a core%n",
          heapBefore,
          heapAfter,
          perConnection,
          heartbeats.get(),
          100.0 * cpu.toNanos() / (holdSeconds * 1e9));
      out.printf(
          "  %,d streams ended before the client closed them%s%n",
          early, firstClose == null ? "" : " (first: " + firstClose + ")");
      idleClosing.set(true);
      idle.close().toCompletionStage().toCompletableFuture().join();
      boolean allOpen = opened.get() == connections && failed.get() == 0 && early == 0;
      boolean heapMet = perConnection <= heapBudgetBytes;
      out.printf(
          Locale.ROOT,
          "verdict: %,d of %,d streams open, %,d failed or sent an error, %,d closed by the server"
              + " while held: %s; %,.0f bytes of heap each (budget %,.0f): %s%n",
          opened.get(),
          connections,
          failed.get(),
          early,
          allOpen ? "met" : "NOT met",
          perConnection,
          heapBudgetBytes,
          heapMet ? "met" : "NOT met");
      return allOpen && heapMet ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private Map<String, String> idleSettings() {
    Map<String, String> env = new HashMap<>(StreamScenario.DELIVERY_ONLY);
    // Idle clients here send no heartbeats (the published client sends one every 30 s); the
    // server must not close them while they are counted.
    env.put("STREAM_DELIVERY_CONNECTION_TIMEOUT", connectionTimeout);
    return env;
  }

  /** One HTTP/1.1 client for {@code connections} streams to the service, no keep-alive. */
  private static HttpClient client(Vertx vertx, URI base, int connections) {
    return vertx.createHttpClient(
        new HttpClientOptions()
            .setDefaultHost(base.getHost())
            .setDefaultPort(base.getPort())
            .setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  // Counts a failure; the first few are printed, the rest only counted.
  private void report(PrintWriter out, String failure) {
    int n = failed.incrementAndGet();
    if (n <= PRINTED_FAILURES) {
      out.println("  " + failure);
    } else if (n == PRINTED_FAILURES + 1) {
      out.println("  (further failures only counted)");
    }
  }

  // Counts a stream's end once, unless the client was closing it.
  private void closedEarly(AtomicBoolean closing, AtomicBoolean over, String how) {
    if (!closing.get() && over.compareAndSet(false, true)) {
      if (closedEarly.getAndIncrement() == 0) {
        firstClose = how;
      }
    }
  }

  /**
   * Opens {@code count} streams from subscription {@code first} on; waits for every 200. A stream
   * that ends before {@code closing} is set counts as closed early.
   */
  private void openAll(
      HttpClient client, long first, int count, PrintWriter out, AtomicBoolean closing)
      throws InterruptedException {
    int target = opened.get() + count;
    for (long id = first; id < first + count; id++) {
      client
          .request(HttpMethod.GET, "/subscriptions/" + id + "/stream")
          .compose(req -> req.send())
          .onSuccess(
              response -> {
                if (response.statusCode() == 200 && response.getHeader("X-Connection-Id") != null) {
                  opened.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                }
                AtomicBoolean over = new AtomicBoolean();
                response.endHandler(end -> closedEarly(closing, over, "the server ended it"));
                response.exceptionHandler(e -> closedEarly(closing, over, e.toString()));
                response.handler(
                    b -> {
                      if (b.toString().contains("\"heartbeat\"")) {
                        heartbeats.incrementAndGet();
                      } else if (b.toString().contains("\"error\"")) {
                        report(out, "error message: " + b.toString().strip());
                      }
                    });
              })
          .onFailure(e -> report(out, "opening failed: " + e));
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (opened.get() + failed.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    if (opened.get() < target) {
      throw new IllegalStateException(
          opened.get() + " of " + target + " streams opened, " + failed.get() + " failed");
    }
  }
}
