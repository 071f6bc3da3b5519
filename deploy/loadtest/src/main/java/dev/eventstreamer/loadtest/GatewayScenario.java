package dev.eventstreamer.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Issue 5's gateway budget: {@code eth_blockNumber} at a steady rate through chain-config-service's
 * {@code POST /rpc/{chain_id}} and directly at the same fast upstream, interleaved in slices so
 * both see the same machine; then rising fixed rates through the gateway to find what one instance
 * sustains.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "chain-config-service JSON-RPC gateway: added latency and sustained rate.")
final class GatewayScenario implements Callable<Integer> {

  private static final long CHAIN_ID = 990_001;
  private static final String CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_blockNumber\",\"params\":[]}";

  @Spec CommandSpec spec;

  @Mixin ServiceOptions serviceOptions;

  @Option(
      names = "--rate",
      defaultValue = "2000",
      description = "requests/s for the latency comparison")
  int rate;

  @Option(names = "--duration", defaultValue = "30", description = "measured seconds per target")
  int durationSeconds;

  @Option(names = "--warmup", defaultValue = "40", description = "warm-up seconds per target")
  int warmupSeconds;

  @Option(names = "--slice", defaultValue = "5", description = "seconds per interleaved slice")
  int sliceSeconds;

  @Option(
      names = "--sustain-rates",
      split = ",",
      defaultValue = "5000,7500,10000",
      description = "rising rates (requests/s) driven through the gateway")
  List<Integer> sustainRates;

  @Option(names = "--sustain-seconds", defaultValue = "15", description = "seconds per rate")
  int sustainSeconds;

  @Option(
      names = "--sustain-p99-ms",
      defaultValue = "50",
      description =
          "a rate counts as sustained when every call succeeds, the achieved rate is"
              + " within 2%% of it and p99 from schedule stays under this")
  double sustainP99Millis;

  @Option(
      names = "--control",
      description =
          "also measure a bare Vert.x proxy in its own JVM (ControlProxy): what any proxy hop"
              + " costs on this machine")
  boolean control;

  @Option(
      names = "--nginx",
      description =
          "also measure nginx (on PATH) as a keep-alive reverse proxy: what a native proxy hop"
              + " costs on this machine, the floor for any proxy")
  boolean nginx;

  @Option(names = "--slices", description = "print each slice's p99 (to see warm-up or GC)")
  boolean slices;

  @Option(names = "--connections", defaultValue = "64", description = "HTTP connections per target")
  int connections;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path nginxPath = nginx ? NginxProxy.executable() : null;
    if (nginx && nginxPath == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--nginx needs nginx on PATH or in /usr/sbin (Debian: apt-get install nginx-light)");
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    // The upstream answers on a thread of its own, as a node on another machine would: its work
    // does not delay the generator's sends and reads, nor the other way round.
    Vertx node = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (FastUpstream upstream = FastUpstream.start(node);
        ServiceUnderTest service = serviceOptions.start("chain-config-service", out)) {
      service.send(
          "POST",
          "/api/chains",
          "{\"chain_id\":"
              + CHAIN_ID
              + ",\"name\":\"load test upstream\",\"rpc_urls\":[\""
              + upstream.url()
              + "\"],\"average_block_time\":1,\"confirmation_blocks\":0}");
      awaitGateway(service);
      return measure(out, vertx, service, upstream, nginxPath) ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The budget (issue 19): the gateway's added p99, as the median over the rounds of slices, at
   * most nginx's in the same run plus {@value #ADDED_P99_ALLOWANCE_MS} ms; and at least {@value
   * #SUSTAINED_BUDGET} calls/s sustained. An absolute tail cannot be judged on a shared machine; a
   * native proxy measured beside it can.
   */
  static final double ADDED_P99_ALLOWANCE_MS = 0.5;

  static final int SUSTAINED_BUDGET = 5_000;

  /** Prints the verdict line; whether both budgets are met (false without nginx to judge by). */
  static boolean verdict(PrintWriter out, Double gatewayAdded, Double nginxAdded, int sustained) {
    boolean rateMet = sustained >= SUSTAINED_BUDGET;
    String latency;
    boolean latencyMet;
    if (gatewayAdded == null || nginxAdded == null) {
      latency = "added p99 not judged (run with --nginx: the budget is relative to nginx)";
      latencyMet = false;
    } else {
      double limit = nginxAdded + ADDED_P99_ALLOWANCE_MS;
      latencyMet = gatewayAdded <= limit;
      latency =
          String.format(
              java.util.Locale.ROOT,
              "added p99 %.3f ms against nginx's %.3f + %.1f = %.3f ms: %s",
              gatewayAdded,
              nginxAdded,
              ADDED_P99_ALLOWANCE_MS,
              limit,
              latencyMet ? "met" : "NOT met");
    }
    out.printf(
        "verdict: %s; sustained %,d calls/s (budget %,d): %s%n",
        latency, sustained, SUSTAINED_BUDGET, rateMet ? "met" : "NOT met");
    return latencyMet && rateMet;
  }

  /** Measures, prints the figures and the verdict; whether the budgets are met. */
  private boolean measure(
      PrintWriter out, Vertx vertx, ServiceUnderTest service, FastUpstream upstream, Path nginxPath)
      throws Exception {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(connections));
    int upstreamPort = Integer.parseInt(upstream.url().replaceAll(".*:(\\d+)/$", "$1"));
    Buffer body = Buffer.buffer(CALL.getBytes(StandardCharsets.UTF_8));
    Predicate<Buffer> ok =
        answer -> answer.toString(StandardCharsets.UTF_8).contains(FastUpstream.HEAD);
    Path runDir = LoadTest.repositoryRoot().resolve(serviceOptions.runDir).toAbsolutePath();
    List<AutoCloseable> controls = new ArrayList<>();
    try {
      List<Target> targets = new ArrayList<>();
      targets.add(new Target("direct", "", upstreamPort, "/", null, null));
      targets.add(
          new Target(
              "gateway",
              "the gateway",
              service.port(),
              "/rpc/" + CHAIN_ID,
              service::cpu,
              "service CPU per gateway call: %.1f us (all of its threads, GC and JIT included)"));
      if (control) {
        ProxyProcess proxy =
            ControlProxy.start(
                serviceOptions.jvmOptions, upstreamPort, runDir.resolve("control-proxy.log"));
        controls.add(proxy);
        targets.add(
            new Target(
                "control",
                "the control proxy",
                proxy.port(),
                "/",
                proxy::cpu,
                "control proxy CPU per call: %.1f us"));
      }
      if (nginxPath != null) {
        ProxyProcess proxy = NginxProxy.start(nginxPath, upstreamPort, runDir.resolve("nginx"));
        controls.add(proxy);
        targets.add(
            new Target(
                "nginx", "nginx", proxy.port(), "/", proxy::cpu, "nginx CPU per call: %.1f us"));
      }
      compare(out, vertx, client, targets, body, ok);
      int sustained = sustain(out, vertx, client, service, body, ok);
      return verdict(out, addedP99(targets, "gateway"), addedP99(targets, "nginx"), sustained);
    } finally {
      for (AutoCloseable c : controls) {
        c.close();
      }
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * One thing the comparison drives (the upstream itself, the gateway, a control proxy) and what it
   * measured: latencies, its process's CPU, the machine's steal while it ran.
   */
  private static final class Target {
    final String name;
    final String label;
    final int port;
    final String path;
    final Supplier<Duration> cpu;
    final String cpuLine;
    OpenLoop.Result result = OpenLoop.Result.empty();
    Duration cpuUsed = Duration.ZERO;
    HostCpu host = HostCpu.NONE;
    HostCpu lastSlice = HostCpu.NONE;
    // Per round of slices: this target's p99 from send less the upstream's in the same round.
    final List<Double> addedP99BySlice = new ArrayList<>();

    Target(
        String name, String label, int port, String path, Supplier<Duration> cpu, String cpuLine) {
      this.name = name;
      this.label = label;
      this.port = port;
      this.path = path;
      this.cpu = cpu;
      this.cpuLine = cpuLine;
    }

    /** Drives it for {@code duration} without recording anything (a warm-up). */
    OpenLoop.Result drive(
        Vertx vertx,
        HttpClient client,
        Buffer body,
        Predicate<Buffer> ok,
        int rate,
        Duration duration)
        throws Exception {
      return OpenLoop.run(vertx, client, port, path, body, ok, rate, duration);
    }

    /** Drives it for {@code slice}; returns that slice's result, also added to the totals. */
    OpenLoop.Result run(
        Vertx vertx, HttpClient client, Buffer body, Predicate<Buffer> ok, int rate, Duration slice)
        throws Exception {
      Duration before = cpu == null ? Duration.ZERO : cpu.get();
      HostCpu hostBefore = HostCpu.now();
      OpenLoop.Result r = drive(vertx, client, body, ok, rate, slice);
      lastSlice = HostCpu.now().minus(hostBefore);
      host = host.plus(lastSlice);
      if (cpu != null) {
        cpuUsed = cpuUsed.plus(cpu.get().minus(before));
      }
      result = result.plus(r);
      return r;
    }
  }

  private void compare(
      PrintWriter out,
      Vertx vertx,
      HttpClient client,
      List<Target> targets,
      Buffer body,
      Predicate<Buffer> ok)
      throws Exception {
    out.printf("warming up: %d s per target at %d requests/s%n", warmupSeconds, rate);
    for (Target t : targets) {
      t.drive(vertx, client, body, ok, rate, Duration.ofSeconds(warmupSeconds));
    }
    // One unmeasured round as the measured ones run: a target warmed first has sat idle through
    // the others' warm-ups, long enough for its upstream connections to expire (the gateway's
    // after 30 s), and would reconnect in its first measured slice while the last one would not.
    for (Target t : targets) {
      t.drive(vertx, client, body, ok, rate, Duration.ofSeconds(sliceSeconds));
    }
    out.printf(
        "measuring: %d s per target at %d requests/s, interleaved in %d s slices%n",
        durationSeconds, rate, sliceSeconds);
    for (int done = 0; done < durationSeconds; done += sliceSeconds) {
      Duration slice = Duration.ofSeconds(Math.min(sliceSeconds, durationSeconds - done));
      List<String> line = new ArrayList<>();
      double directP99 = 0;
      for (Target t : targets) {
        OpenLoop.Result r = t.run(vertx, client, body, ok, rate, slice);
        double p99 = Report.millis(r.fromSend(), 99);
        if (t == targets.get(0)) {
          directP99 = p99;
        } else {
          t.addedP99BySlice.add(p99 - directP99);
        }
        line.add(
            String.format("%s %.3f ms (steal %.1f%%)", t.name, p99, t.lastSlice.stealPercent()));
      }
      if (slices) {
        out.printf("  slice at %3d s: p99 from send %s%n", done, String.join(", ", line));
        out.flush();
      }
    }

    out.println();
    out.printf(
        "eth_blockNumber at %d requests/s (latency in ms; from schedule | from send)%n", rate);
    Report.header(out);
    for (Target t : targets) {
      Report.row(out, t.name, t.result);
    }
    OpenLoop.Result direct = targets.get(0).result;
    String steal =
        targets.stream()
            .map(t -> String.format("%s %.1f%%", t.name, t.host.stealPercent()))
            .collect(Collectors.joining(", "));
    out.printf(
        "host CPU stolen by the hypervisor while measuring: %s (tails are comparable between runs"
            + " of similar steal only)%n",
        steal);
    for (Target t : targets.subList(1, targets.size())) {
      out.printf(
          "added by %s: p50 %.3f ms, p99 %.3f ms (from schedule); p50 %.3f ms, p99 %.3f ms (from"
              + " send)%n",
          t.label,
          Report.millis(t.result.fromSchedule(), 50) - Report.millis(direct.fromSchedule(), 50),
          Report.millis(t.result.fromSchedule(), 99) - Report.millis(direct.fromSchedule(), 99),
          Report.millis(t.result.fromSend(), 50) - Report.millis(direct.fromSend(), 50),
          Report.millis(t.result.fromSend(), 99) - Report.millis(direct.fromSend(), 99));
      out.printf(
          "  median over the %d rounds of slices of the p99 it added in each (from send): %.3f ms"
              + " (range %.3f to %.3f)%n",
          t.addedP99BySlice.size(),
          Report.median(t.addedP99BySlice),
          Collections.min(t.addedP99BySlice),
          Collections.max(t.addedP99BySlice));
      // CPU is steadier than a tail percentile on a shared machine: it says what a call costs.
      out.printf(
          t.cpuLine + "%n",
          t.cpuUsed.toNanos() / 1000.0 / Math.max(1, t.result.fromSend().getTotalCount()));
    }
  }

  /** A target's added p99 from send, as the median over its rounds of slices; null if absent. */
  private static Double addedP99(List<Target> targets, String name) {
    return targets.stream()
        .filter(t -> t.name.equals(name) && !t.addedP99BySlice.isEmpty())
        .map(t -> Report.median(t.addedP99BySlice))
        .findFirst()
        .orElse(null);
  }

  /** Offers rising rates through the gateway; the highest it sustained, 0 when none. */
  private int sustain(
      PrintWriter out,
      Vertx vertx,
      HttpClient client,
      ServiceUnderTest service,
      Buffer body,
      Predicate<Buffer> ok)
      throws Exception {
    int gatewayPort = service.port();
    String gatewayPath = "/rpc/" + CHAIN_ID;
    out.println();
    out.printf("sustained rate through the gateway (%d s per rate)%n", sustainSeconds);
    out.printf(
        "%-10s %12s %9s %11s %11s %12s %10s%n",
        "offered", "achieved/s", "failed", "p50 ms", "p99 ms", "cpu us/call", "sustained");
    List<Integer> sustained = new ArrayList<>();
    for (int offered : sustainRates) {
      Duration before = service.cpu();
      OpenLoop.Result result =
          OpenLoop.run(
              vertx,
              client,
              gatewayPort,
              gatewayPath,
              body,
              ok,
              offered,
              Duration.ofSeconds(sustainSeconds));
      double cpuPerCall =
          service.cpu().minus(before).toNanos()
              / 1000.0
              / Math.max(1, result.fromSend().getTotalCount());
      boolean held =
          result.failed() == 0
              && result.unanswered() == 0
              && result.achievedRate() >= offered * 0.98
              && Report.millis(result.fromSchedule(), 99) < sustainP99Millis;
      out.printf(
          "%-10d %12.0f %9d %11.3f %11.3f %12.1f %10s%n",
          offered,
          result.achievedRate(),
          result.failed() + result.unanswered(),
          Report.millis(result.fromSchedule(), 50),
          Report.millis(result.fromSchedule(), 99),
          cpuPerCall,
          held ? "yes" : "no");
      if (held) {
        sustained.add(offered);
      } else {
        break;
      }
    }
    out.println(
        sustained.isEmpty()
            ? "no offered rate was sustained"
            : "highest sustained rate: " + sustained.get(sustained.size() - 1) + " requests/s");
    return sustained.isEmpty() ? 0 : sustained.get(sustained.size() - 1);
  }

  /** The registry tells the gateway about a new chain asynchronously: wait until it routes. */
  private static void awaitGateway(ServiceUnderTest service) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (service.send("POST", "/rpc/" + CHAIN_ID, CALL).contains(FastUpstream.HEAD)) {
          return;
        }
      } catch (RuntimeException | java.io.IOException e) {
        last = new IllegalStateException(e.getMessage(), e);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the gateway never routed chain " + CHAIN_ID, last);
  }
}
