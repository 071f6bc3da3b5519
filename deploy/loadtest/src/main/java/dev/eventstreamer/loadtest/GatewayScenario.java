package dev.eventstreamer.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(names = "--slices", description = "print each slice's p99 (to see warm-up or GC)")
  boolean slices;

  @Option(names = "--connections", defaultValue = "64", description = "HTTP connections per target")
  int connections;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
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
      measure(out, vertx, service, upstream);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return 0;
  }

  private void measure(
      PrintWriter out, Vertx vertx, ServiceUnderTest service, FastUpstream upstream)
      throws Exception {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(connections));
    int upstreamPort = Integer.parseInt(upstream.url().replaceAll(".*:(\\d+)/$", "$1"));
    Buffer body = Buffer.buffer(CALL.getBytes(StandardCharsets.UTF_8));
    Predicate<Buffer> ok =
        answer -> answer.toString(StandardCharsets.UTF_8).contains(FastUpstream.HEAD);
    ControlProxy.Process proxy =
        control
            ? ControlProxy.Process.start(
                serviceOptions.jvmOptions,
                upstreamPort,
                LoadTest.repositoryRoot()
                    .resolve(serviceOptions.runDir)
                    .toAbsolutePath()
                    .resolve("control-proxy.log"))
            : null;
    try {
      measure(out, vertx, client, service, proxy, upstreamPort, body, ok);
    } finally {
      if (proxy != null) {
        proxy.close();
      }
    }
  }

  private void measure(
      PrintWriter out,
      Vertx vertx,
      HttpClient client,
      ServiceUnderTest service,
      ControlProxy.Process proxy,
      int upstreamPort,
      Buffer body,
      Predicate<Buffer> ok)
      throws Exception {
    int gatewayPort = service.port();
    String gatewayPath = "/rpc/" + CHAIN_ID;
    out.printf("warming up: %d s per target at %d requests/s%n", warmupSeconds, rate);
    OpenLoop.run(
        vertx, client, upstreamPort, "/", body, ok, rate, Duration.ofSeconds(warmupSeconds));
    OpenLoop.run(
        vertx, client, gatewayPort, gatewayPath, body, ok, rate, Duration.ofSeconds(warmupSeconds));
    if (proxy != null) {
      OpenLoop.run(
          vertx, client, proxy.port(), "/", body, ok, rate, Duration.ofSeconds(warmupSeconds));
    }

    out.printf(
        "measuring: %d s per target at %d requests/s, interleaved in %d s slices%n",
        durationSeconds, rate, sliceSeconds);
    OpenLoop.Result direct = OpenLoop.Result.empty();
    OpenLoop.Result gateway = OpenLoop.Result.empty();
    OpenLoop.Result bare = OpenLoop.Result.empty();
    Duration gatewayCpu = Duration.ZERO;
    Duration bareCpu = Duration.ZERO;
    HostCpu directHost = HostCpu.NONE;
    HostCpu gatewayHost = HostCpu.NONE;
    HostCpu bareHost = HostCpu.NONE;
    for (int done = 0; done < durationSeconds; done += sliceSeconds) {
      Duration slice = Duration.ofSeconds(Math.min(sliceSeconds, durationSeconds - done));
      HostCpu dHost = HostCpu.now();
      OpenLoop.Result d = OpenLoop.run(vertx, client, upstreamPort, "/", body, ok, rate, slice);
      dHost = HostCpu.now().minus(dHost);
      Duration before = service.cpu();
      HostCpu gHost = HostCpu.now();
      OpenLoop.Result g =
          OpenLoop.run(vertx, client, gatewayPort, gatewayPath, body, ok, rate, slice);
      gHost = HostCpu.now().minus(gHost);
      gatewayCpu = gatewayCpu.plus(service.cpu().minus(before));
      String controlSlice = "";
      if (proxy != null) {
        before = proxy.cpu();
        HostCpu cHost = HostCpu.now();
        OpenLoop.Result c = OpenLoop.run(vertx, client, proxy.port(), "/", body, ok, rate, slice);
        cHost = HostCpu.now().minus(cHost);
        bareCpu = bareCpu.plus(proxy.cpu().minus(before));
        bare = bare.plus(c);
        bareHost = bareHost.plus(cHost);
        controlSlice =
            String.format(
                ", control proxy %.3f ms (steal %.1f%%)",
                Report.millis(c.fromSend(), 99), cHost.stealPercent());
      }
      if (slices) {
        out.printf(
            "  slice at %3d s: p99 from send direct %.3f ms (steal %.1f%%), gateway %.3f ms"
                + " (steal %.1f%%)%s%n",
            done,
            Report.millis(d.fromSend(), 99),
            dHost.stealPercent(),
            Report.millis(g.fromSend(), 99),
            gHost.stealPercent(),
            controlSlice);
        out.flush();
      }
      direct = direct.plus(d);
      gateway = gateway.plus(g);
      directHost = directHost.plus(dHost);
      gatewayHost = gatewayHost.plus(gHost);
    }

    out.println();
    out.printf(
        "eth_blockNumber at %d requests/s (latency in ms; from schedule | from send)%n", rate);
    Report.header(out);
    Report.row(out, "direct", direct);
    Report.row(out, "gateway", gateway);
    if (proxy != null) {
      Report.row(out, "control", bare);
    }
    out.printf(
        "added by the gateway: p50 %.3f ms, p99 %.3f ms (from schedule); p50 %.3f ms, p99 %.3f ms (from send)%n",
        Report.millis(gateway.fromSchedule(), 50) - Report.millis(direct.fromSchedule(), 50),
        Report.millis(gateway.fromSchedule(), 99) - Report.millis(direct.fromSchedule(), 99),
        Report.millis(gateway.fromSend(), 50) - Report.millis(direct.fromSend(), 50),
        Report.millis(gateway.fromSend(), 99) - Report.millis(direct.fromSend(), 99));
    out.printf(
        "host CPU stolen by the hypervisor while measuring: direct %.1f%%, gateway %.1f%%%s"
            + " (tails are comparable between runs of similar steal only)%n",
        directHost.stealPercent(),
        gatewayHost.stealPercent(),
        proxy == null ? "" : String.format(", control %.1f%%", bareHost.stealPercent()));
    // CPU is steadier than a tail percentile on a shared machine: it says what a call costs.
    out.printf(
        "service CPU per gateway call: %.1f us (all of its threads, GC and JIT included)%n",
        gatewayCpu.toNanos() / 1000.0 / Math.max(1, gateway.fromSend().getTotalCount()));
    if (proxy != null) {
      out.printf(
          "added by the control proxy: p50 %.3f ms, p99 %.3f ms (from schedule); p50 %.3f ms, p99 %.3f ms (from send)%n",
          Report.millis(bare.fromSchedule(), 50) - Report.millis(direct.fromSchedule(), 50),
          Report.millis(bare.fromSchedule(), 99) - Report.millis(direct.fromSchedule(), 99),
          Report.millis(bare.fromSend(), 50) - Report.millis(direct.fromSend(), 50),
          Report.millis(bare.fromSend(), 99) - Report.millis(direct.fromSend(), 99));
      out.printf(
          "control proxy CPU per call: %.1f us%n",
          bareCpu.toNanos() / 1000.0 / Math.max(1, bare.fromSend().getTotalCount()));
    }

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
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
