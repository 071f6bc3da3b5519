package dev.eventstreamer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.NodeToolchain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The suite's real processes for the chaos and soak scenarios, each of which can be killed and
 * started again where the others expect it: a PostgreSQL and a Kafka broker of the harness's own
 * (never the machine's shared ones), the Hardhat dev chain, optionally a proxy in front of it as
 * the chain's primary RPC endpoint, and the four services from their quarkus-run.jar as JVMs.
 */
final class Rig implements AutoCloseable {

  /** The four services: module, database. */
  enum Service {
    CHAIN_CONFIG("chain-config-service", "chain_config"),
    SUBSCRIPTION("subscription-service", "subscriptions"),
    STREAM("stream-service", "stream"),
    RULE_ENGINE("rule-engine-service", "rules");

    final String module;
    final String database;

    Service(String module, String database) {
      this.module = module;
      this.database = database;
    }

    @Override
    public String toString() {
      return module;
    }
  }

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final List<String> jvmOptions;
  private final PrintWriter out;
  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<Service, ServiceApp> apps = new EnumMap<>(Service.class);
  private final Map<Service, Map<String, String>> envs = new EnumMap<>(Service.class);
  private final Map<String, String> extraStreamEnv;
  private RestartablePostgres postgres;
  private KafkaBroker kafka;
  private DevChain chain;
  private ProxyProcess rpcProxy;

  private Rig(
      Path dir, List<String> jvmOptions, Map<String, String> extraStreamEnv, PrintWriter out) {
    this.dir = dir;
    this.jvmOptions = jvmOptions;
    this.extraStreamEnv = extraStreamEnv;
    this.out = out;
  }

  /**
   * Starts everything with fresh data in {@code dir}; with {@code rpcProxy} the chain is registered
   * with two RPC endpoints, the proxy first (primary) and the node itself second.
   */
  static Rig start(
      Path dir,
      List<String> jvmOptions,
      boolean rpcProxy,
      Map<String, String> extraStreamEnv,
      PrintWriter out)
      throws Exception {
    Rig rig = new Rig(dir, jvmOptions, extraStreamEnv, out);
    try {
      rig.startAll(rpcProxy);
      return rig;
    } catch (Exception | Error e) {
      rig.close();
      throw e;
    }
  }

  private void startAll(boolean withProxy) throws Exception {
    long t = System.nanoTime();
    postgres = RestartablePostgres.start(Ports.freePort(), dir.resolve("postgres"));
    PostgresServer server = postgres.server();
    for (Service s : Service.values()) {
      server.createDatabase(s.database);
    }
    kafka = KafkaBroker.start(dir.resolve("kafka"), dir.resolve("kafka.log"));
    NodeToolchain node = NodeToolchain.find(line -> out.println("  node: " + line));
    chain =
        DevChain.start(
            DevChain.Options.defaults()
                .withIntervalMiningMillis(0)
                .withLogFile(dir.resolve("devchain.log")),
            node);
    int chainPort = URI.create(chain.rpcUrl()).getPort();
    if (withProxy) {
      rpcProxy = ControlProxy.start(List.of("-Xmx128m"), chainPort, dir.resolve("rpc-proxy.log"));
    }
    out.printf(
        "  PostgreSQL :%d, Kafka %s, dev chain %s%s%n",
        postgres.port(),
        kafka.bootstrapServers(),
        chain.rpcUrl(),
        rpcProxy == null ? "" : ", primary RPC proxy :" + rpcProxy.port());
    for (Service s : Service.values()) {
      ports.put(s, Ports.freePort());
    }
    for (Service s : Service.values()) {
      envs.put(s, environment(s));
    }
    // All at once: on two cores four JVMs start faster together than one after another.
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (Service s : Service.values()) {
      starts.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  startService(s);
                } catch (RuntimeException first) {
                  // Once more: a start can time out while the others hog the machine.
                  out.println("  " + s + " did not start (" + first.getMessage() + "); again");
                  try {
                    startService(s);
                  } catch (RuntimeException e) {
                    throw new IllegalStateException(s + " did not start: " + e.getMessage(), e);
                  }
                }
              }));
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    registerChain();
    out.printf("  suite up in %.0f s%n", (System.nanoTime() - t) / 1e9);
    out.flush();
  }

  private Map<String, String> environment(Service s) {
    Map<String, String> env = new HashMap<>(postgres.server().datasourceEnv(s.database));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    // Flyway's first connection at start: on a machine this busy the default 5 s is too short for
    // several JVMs migrating at once.
    env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("SUBSCRIPTION_CHAIN_CONFIG_URL", url(Service.CHAIN_CONFIG));
    env.put("STREAM_CHAIN_CONFIG_URL", url(Service.CHAIN_CONFIG));
    env.put("STREAM_SUBSCRIPTION_SERVICE_URL", url(Service.SUBSCRIPTION));
    if (s == Service.STREAM) {
      env.putAll(extraStreamEnv);
    }
    return env;
  }

  private void registerChain() throws IOException, InterruptedException {
    ObjectNode body = SdkClient.JSON.createObjectNode();
    body.put("chain_id", chain.chainId());
    body.put("name", "Hardhat dev chain");
    var urls = body.putArray("rpc_urls");
    if (rpcProxy != null) {
      urls.add("http://127.0.0.1:" + rpcProxy.port());
    }
    urls.add(chain.rpcUrl());
    body.put("historical_rpc_url", urls.get(0).asText());
    body.put("average_block_time", 1);
    body.put("confirmation_blocks", 0);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url(Service.CHAIN_CONFIG) + "/api/chains"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "POST /api/chains answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** Starts a service's JVM on its port and waits until it is ready; returns the time taken. */
  Duration startService(Service s) {
    long t = System.nanoTime();
    ServiceApp app =
        ServiceApp.start(
            LoadTest.repositoryRoot()
                .resolve(s.module)
                .resolve("target/quarkus-app/quarkus-run.jar"),
            jvmOptions,
            envs.get(s),
            dir.resolve(s.module + ".log"),
            ports.get(s),
            READY_TIMEOUT);
    synchronized (apps) {
      apps.put(s, app);
    }
    return Duration.ofNanos(System.nanoTime() - t);
  }

  /** kill -9 of a service's JVM. */
  void kill(Service s) {
    ServiceApp app;
    synchronized (apps) {
      app = apps.remove(s);
    }
    if (app != null) {
      app.kill();
    }
  }

  /** Whether the service's process (the one the harness started last) still runs. */
  boolean alive(Service s) {
    synchronized (apps) {
      ServiceApp app = apps.get(s);
      return app != null && app.alive();
    }
  }

  /** {@code GET /q/health/ready} answers 200. */
  boolean ready(Service s) {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(url(s) + "/q/health/ready"))
                      .timeout(Duration.ofSeconds(3))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long pid(Service s) {
    synchronized (apps) {
      return apps.get(s).handle().pid();
    }
  }

  String url(Service s) {
    return "http://127.0.0.1:" + ports.get(s);
  }

  RestartablePostgres postgres() {
    return postgres;
  }

  KafkaBroker kafka() {
    return kafka;
  }

  DevChain chain() {
    return chain;
  }

  /** kill -9 of the primary RPC endpoint (the proxy in front of the node). */
  void killRpcProxy() {
    rpcProxy.kill();
  }

  Duration readyTimeout() {
    return READY_TIMEOUT;
  }

  /** Deploys the demo token and mints to the first {@code accounts} dev accounts. */
  TestToken deployToken() {
    return chain.deployToken();
  }

  /** Creates a Transfer subscription of {@code token} through subscription-service. */
  long subscribe(ApiLog api, String token, long startBlock, String subscriber)
      throws IOException, InterruptedException {
    ObjectNode body = SdkClient.JSON.createObjectNode();
    body.put("topic0", TestToken.TRANSFER_TOPIC0);
    ObjectNode abi = body.putObject("event_signature");
    abi.put("type", "event").put("name", "Transfer").put("anonymous", false);
    var inputs = abi.putArray("inputs");
    inputs.addObject().put("name", "from").put("type", "address").put("indexed", true);
    inputs.addObject().put("name", "to").put("type", "address").put("indexed", true);
    inputs.addObject().put("name", "value").put("type", "uint256").put("indexed", false);
    body.putArray("addresses").add(token);
    body.put("start_block", startBlock);
    body.putNull("end_block");
    body.put("chain_id", chain.chainId());
    body.put("subscriber_id", subscriber);
    HttpResponse<String> r =
        api.send(
            "POST",
            url(Service.SUBSCRIPTION) + "/subscriptions",
            body.toString(),
            Duration.ofSeconds(30));
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IllegalStateException(
          "POST /subscriptions answered " + r.statusCode() + ": " + r.body());
    }
    return SdkClient.JSON.readTree(r.body()).path("id").asLong();
  }

  /** subscription-service's view of a subscription. */
  JsonNode subscription(ApiLog api, long id) throws IOException, InterruptedException {
    HttpResponse<String> r =
        api.send(
            "GET",
            url(Service.SUBSCRIPTION) + "/subscriptions/" + id,
            null,
            Duration.ofSeconds(10));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET /subscriptions/" + id + " answered " + r.statusCode());
    }
    return SdkClient.JSON.readTree(r.body());
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    List<Service> running;
    synchronized (apps) {
      running = new ArrayList<>(apps.keySet());
    }
    running.parallelStream()
        .forEach(
            s -> {
              ServiceApp app;
              synchronized (apps) {
                app = apps.remove(s);
              }
              if (app != null) {
                app.close();
              }
            });
    try {
      if (rpcProxy != null) {
        rpcProxy.close();
      }
    } catch (Exception e) {
      out.println("  rpc proxy: " + e);
    }
    if (chain != null) {
      chain.close();
    }
    try {
      if (kafka != null) {
        kafka.close();
      }
    } catch (Exception e) {
      out.println("  kafka: " + e);
    }
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (Exception e) {
      out.println("  postgres: " + e);
    }
  }
}
