package dev.eventstreamer.launcher;

import dev.eventstreamer.infra.artemis.ArtemisServer;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.NodeToolchain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.launcher.ServiceProcess.Readiness;
import dev.eventstreamer.launcher.Suite.Stage;
import dev.eventstreamer.launcher.Suite.StartFailure;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code suite up}: starts the suite, prints how to use it, and stops it all on Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    versionProvider = Launcher.Version.class,
    description = {
      "Starts PostgreSQL (the one on 5432, else an embedded one), Kafka on 9092 (or Artemis AMQP"
          + " on 5673 with --amqp), every built service as its own JVM, and the gateway."
          + " Ctrl-C stops everything.",
    },
    sortOptions = false)
final class UpCommand implements java.util.concurrent.Callable<Integer> {

  static final int KAFKA_PORT = 9092;
  static final int ARTEMIS_AMQP_PORT = 5673;
  static final int DEVCHAIN_PORT = 8545;

  /** Exit code when a port the suite needs is taken (picocli uses 2 for usage errors too). */
  static final int PORT_TAKEN = 2;

  static final int START_FAILED = 1;

  /** Where {@code --api-keys} takes the admin key from, when it is set. */
  static final String ADMIN_KEY_VARIABLE = "SUITE_ADMIN_KEY";

  // The dev chain's first start may fetch Node.js, installs npm packages and compiles the token
  // contract.
  private static final Duration DEVCHAIN_FIRST_START = Duration.ofMinutes(5);
  private static final int LOG_TAIL_LINES = 20;
  // The demo's Transfers circulate among a few funded accounts.
  private static final int DEMO_ACCOUNTS = 5;
  private static final BigInteger DEMO_BALANCE =
      BigInteger.valueOf(1_000_000).multiply(DemoTraffic.ONE_TOKEN);

  @Option(
      names = "--demo",
      description =
          "Also run a local dev chain with a token that emits Transfers, and show what to try.")
  boolean demo;

  @Option(
      names = "--amqp",
      description =
          "Messaging over AMQP 1.0 (Artemis on " + ARTEMIS_AMQP_PORT + ") instead of Kafka.")
  boolean amqp;

  @Option(
      names = "--api-keys",
      description =
          "API keys on in every service: one admin key for the suite (the environment variable "
              + ADMIN_KEY_VARIABLE
              + ", else a new one, printed) and a service key for stream-service's calls to"
              + " chain-config-service.")
  boolean apiKeys;

  @Option(
      names = "--infra-only",
      description =
          "Only the infrastructure (and the dev chain with --demo): no services, no gateway.")
  boolean infraOnly;

  @Option(
      names = "--run-dir",
      paramLabel = "<path>",
      description = "Where logs go (default: target/suite/<timestamp> in the repository).")
  Path runDir;

  @Option(
      names = "--gateway-port",
      paramLabel = "<port>",
      defaultValue = "8000",
      description = "Gateway port (default: ${DEFAULT-VALUE}).")
  int gatewayPort;

  @Option(
      names = "--timeout",
      paramLabel = "<seconds>",
      defaultValue = "90",
      description =
          "How long each component may take to become healthy (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  private static final Logger LOG = Logger.getLogger(UpCommand.class.getName());

  private Console console;
  private Suite suite;
  private RunRecord record;

  @Override
  public Integer call() throws Exception {
    if (gatewayPort < 1 || gatewayPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--gateway-port must be between 1 and 65535, not " + gatewayPort);
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--timeout must be at least 1 second, not " + timeoutSeconds);
    }
    console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Path root = Launcher.repositoryRoot();
    List<Service> services = infraOnly ? List.of() : builtServices(root);

    List<PortClaims.Claim> taken = PortClaims.taken(portClaims(services));
    if (!taken.isEmpty()) {
      for (PortClaims.Claim claim : taken) {
        console.failed(
            claim.component(),
            "port "
                + claim.port()
                + " is already in use (see: ss -ltnp 'sport = :"
                + claim.port()
                + "')");
      }
      console.error(
          "Nothing was started. Free those ports and try again; if an earlier ./suite up left"
              + " them taken, ./suite down stops what it left.");
      return PORT_TAKEN;
    }

    Path dir =
        (runDir != null ? runDir : root.resolve("target/suite").resolve(timestamp()))
            .toAbsolutePath()
            .normalize();
    Files.createDirectories(dir);
    logTo(dir.resolve("launcher.log"));
    record = new RunRecord(dir);
    record.add(ProcessHandle.current().pid(), "launcher", "launcher.jar");

    long t0 = System.nanoTime();
    suite = new Suite(console);
    Runtime.getRuntime().addShutdownHook(new Thread(suite::stop, "suite-stop"));
    try {
      up(dir, services, t0);
    } catch (Exception e) {
      // After Ctrl-C during the start, the stop is what the user asked for: no failure to report.
      if (!suite.stopping()) {
        if (!(e instanceof StartFailure)) {
          LOG.log(Level.SEVERE, "start failed", e);
        }
        String why = e instanceof StartFailure ? e.getMessage() : Suite.describe(e);
        console.error(
            "The suite did not start: "
                + why
                + " (details in "
                + dir.resolve("launcher.log")
                + ")");
      }
      suite.stop();
      return START_FAILED;
    }
    suite.awaitStop();
    return 0;
  }

  private void up(Path dir, List<Service> services, long t0) throws Exception {
    console.println("Run directory: " + dir);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);

    PostgresServer postgres = startPostgres(timeout);
    Messaging messaging = amqp ? startArtemis(timeout) : startKafka(timeout);
    DevChain chain = demo ? startDevChain(dir, timeout) : null;

    Settings.Database database =
        new Settings.Database(
            postgres.username(), postgres.password(), postgres::reactiveUrl, postgres::jdbcUrl);
    Settings settings = messaging.settings(database, chain == null ? null : chain.rpcUrl());
    if (apiKeys) {
      settings = settings.withKeys(Settings.Keys.withAdmin(givenAdminKey().orElse(null)));
    }

    List<ServiceProcess> processes = startServices(services, settings, dir, timeout);
    int port = infraOnly ? -1 : startGateway(processes);

    Demo demoInfo = chain == null ? null : startDemo(chain, dir, processes, settings, postgres);

    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    summary(dir, took, postgres, messaging, chain, processes, port, settings, demoInfo);
  }

  // ---- infrastructure ----

  private PostgresServer startPostgres(Duration timeout) throws Exception {
    console.starting("postgres", "");
    long t = System.nanoTime();
    PostgresServer postgres =
        suite.startWithin(
            Stage.POSTGRES,
            "postgres",
            timeout,
            () -> {
              PostgresServer server = PostgresServer.start();
              try {
                server.createServiceDatabases();
              } catch (RuntimeException e) {
                server.close();
                throw e;
              }
              return server;
            },
            server ->
                () -> {
                  boolean embedded = server.embedded();
                  server.close();
                  return embedded ? "stopped" : "left running (existing server)";
                });
    console.ready("postgres", describe(postgres), since(t));
    return postgres;
  }

  private static String describe(PostgresServer postgres) {
    String address = postgres.host() + ":" + postgres.port();
    return postgres.embedded()
        ? "embedded " + address
        : "attached " + address + " (existing server)";
  }

  /** The broker the services talk to, whichever it is. */
  private record Messaging(String name, String address, SettingsFactory factory) {
    Settings settings(Settings.Database database, String rpcUrl) {
      return factory.create(database, rpcUrl);
    }
  }

  @FunctionalInterface
  private interface SettingsFactory {
    Settings create(Settings.Database database, String rpcUrl);
  }

  private Messaging startKafka(Duration timeout) throws Exception {
    console.starting("kafka", "");
    long t = System.nanoTime();
    KafkaServer kafka =
        suite.startWithin(
            Stage.BROKER,
            "kafka",
            timeout,
            () -> KafkaServer.start(KAFKA_PORT),
            Suite.Stopper.closing());
    String bootstrap = kafka.bootstrapServers();
    console.ready("kafka", bootstrap, since(t));
    return new Messaging("kafka", bootstrap, (db, rpc) -> Settings.kafka(db, bootstrap, rpc));
  }

  private Messaging startArtemis(Duration timeout) throws Exception {
    console.starting("artemis", "");
    long t = System.nanoTime();
    ArtemisServer artemis =
        suite.startWithin(
            Stage.BROKER,
            "artemis",
            timeout,
            () -> ArtemisServer.start(ARTEMIS_AMQP_PORT),
            Suite.Stopper.closing());
    String address = "amqp://" + artemis.host() + ":" + artemis.amqpPort();
    console.ready("artemis", address + " (user " + artemis.username() + ")", since(t));
    return new Messaging(
        "artemis",
        address,
        (db, rpc) ->
            Settings.amqp(
                db,
                artemis.host(),
                artemis.amqpPort(),
                artemis.username(),
                artemis.password(),
                rpc));
  }

  private DevChain startDevChain(Path dir, Duration timeout) throws Exception {
    Path log = dir.resolve("devchain.log");
    console.starting(
        "devchain", "(the first start installs npm packages and compiles; log " + log + ")");
    long t = System.nanoTime();
    Duration allowed = timeout.compareTo(DEVCHAIN_FIRST_START) > 0 ? timeout : DEVCHAIN_FIRST_START;
    DevChain chain =
        suite.startWithin(
            Stage.DEVCHAIN,
            "devchain",
            allowed,
            () -> {
              // Found on the machine or fetched once (then said first, as it takes a while).
              NodeToolchain node = NodeToolchain.find(line -> console.info("node", line));
              console.info("node", node.describe());
              return DevChain.start(
                  DevChain.Options.defaults()
                      .withPort(DEVCHAIN_PORT)
                      .withIntervalMiningMillis(0)
                      .withLogFile(log)
                      .withStartTimeout(timeout),
                  node);
            },
            Suite.Stopper.closing());
    console.ready("devchain", chain.rpcUrl() + " (chain id " + chain.chainId() + ")", since(t));
    return chain;
  }

  // ---- services ----

  private List<Service> builtServices(Path root) {
    List<Service> built = new ArrayList<>();
    for (Service service : Service.values()) {
      Path jar = service.runJar(root);
      if (Files.isRegularFile(jar)) {
        built.add(service);
      } else {
        console.info(service.moduleName(), "not built (no " + root.relativize(jar) + "), skipped");
      }
    }
    return built;
  }

  private List<PortClaims.Claim> portClaims(List<Service> services) {
    List<PortClaims.Claim> claims = new ArrayList<>();
    if (!infraOnly) {
      claims.add(new PortClaims.Claim("gateway", gatewayPort));
    }
    for (Service service : services) {
      claims.add(new PortClaims.Claim(service.moduleName(), service.port()));
    }
    claims.add(
        amqp
            ? new PortClaims.Claim("artemis (AMQP)", ARTEMIS_AMQP_PORT)
            : new PortClaims.Claim("kafka", KAFKA_PORT));
    if (demo) {
      claims.add(new PortClaims.Claim("devchain", DEVCHAIN_PORT));
    }
    return claims;
  }

  /** Starts all service JVMs at once and waits until each is ready; the first failure ends it. */
  private List<ServiceProcess> startServices(
      List<Service> services, Settings settings, Path dir, Duration timeout) throws Exception {
    Path root = Launcher.repositoryRoot();
    List<ServiceProcess> processes = new ArrayList<>();
    long t = System.nanoTime();
    for (Service service : services) {
      ServiceProcess process =
          suite.start(
              Stage.SERVICES,
              service.moduleName(),
              () ->
                  ServiceProcess.start(
                      service, service.runJar(root), settings.environment(service), dir),
              p -> p::stop);
      record.add(
          process.pid(), service.moduleName(), service.runJar(root).toAbsolutePath().toString());
      console.starting(service.moduleName(), "(log " + process.log() + ")");
      processes.add(process);
    }
    if (processes.isEmpty()) {
      return processes;
    }
    AtomicBoolean abort = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(processes.size());
    try {
      ExecutorCompletionService<Map.Entry<ServiceProcess, Readiness>> waits =
          new ExecutorCompletionService<>(pool);
      for (ServiceProcess p : processes) {
        waits.submit(
            () -> Map.entry(p, p.awaitReady(timeout, () -> abort.get() || suite.stopping())));
      }
      for (int i = 0; i < processes.size(); i++) {
        Future<Map.Entry<ServiceProcess, Readiness>> done = waits.take();
        ServiceProcess p = done.get().getKey();
        Readiness readiness = done.get().getValue();
        String name = p.service().moduleName();
        switch (readiness) {
          case READY -> console.ready(name, "http://localhost:" + p.service().port(), since(t));
          case ABORTED -> throw new StartFailure("stopped while " + name + " was starting", null);
          case EXITED, TIMED_OUT -> {
            abort.set(true);
            String what =
                readiness == Readiness.EXITED
                    ? "exited (" + p.exitDescription() + ") before it was ready"
                    : "was not ready within " + timeout.toSeconds() + " s (GET /q/health/ready)";
            console.failed(name, what + "; log: " + p.log());
            console.excerpt(
                "last lines of " + p.log() + " (stack frames left out):", p.tail(LOG_TAIL_LINES));
            throw new StartFailure(name + " " + what, null);
          }
        }
      }
    } finally {
      abort.set(true);
      pool.shutdownNow();
    }
    for (ServiceProcess p : processes) {
      p.onUnexpectedExit(
          dead ->
              console.failed(
                  dead.service().moduleName(),
                  "exited unexpectedly ("
                      + dead.exitDescription()
                      + "); the rest keeps running. Log: "
                      + dead.log()));
    }
    return processes;
  }

  // ---- gateway ----

  private int startGateway(List<ServiceProcess> processes) throws Exception {
    console.starting("gateway", "");
    long t = System.nanoTime();
    List<Service> managed = processes.stream().map(ServiceProcess::service).toList();
    Gateway.Backends backends =
        new Gateway.Backends() {
          @Override
          public List<Service> managed() {
            return managed;
          }

          @Override
          public Optional<SocketAddress> address(Service service) {
            return processes.stream()
                .filter(p -> p.service() == service && p.alive())
                .findFirst()
                .map(p -> SocketAddress.inetSocketAddress(service.port(), "127.0.0.1"));
          }
        };
    int port;
    try {
      port =
          suite
              .start(
                  Stage.GATEWAY,
                  "gateway",
                  () -> new GatewayRun(Vertx.vertx(), backends).listen(gatewayPort),
                  run -> run::close)
              .port();
    } catch (ExecutionException e) {
      console.failed(
          "gateway", "cannot listen on port " + gatewayPort + ": " + Suite.describe(e.getCause()));
      throw new StartFailure("gateway cannot listen on port " + gatewayPort, e.getCause());
    }
    console.ready("gateway", "http://localhost:" + port, since(t));
    return port;
  }

  /** The gateway with the Vert.x instance it runs on, closed together. */
  private static final class GatewayRun {
    private final Vertx vertx;
    private final Gateway gateway;
    private int port;

    GatewayRun(Vertx vertx, Gateway.Backends backends) {
      this.vertx = vertx;
      this.gateway = new Gateway(vertx, RouteTable.standard(), backends);
    }

    GatewayRun listen(int requestedPort) throws Exception {
      try {
        // Loopback only: without --api-keys nothing authenticates callers, and reads stay open.
        port = gateway.start("127.0.0.1", requestedPort);
      } catch (Exception e) {
        vertx.close();
        throw e;
      }
      return this;
    }

    int port() {
      return port;
    }

    String close() throws Exception {
      try {
        gateway.close();
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get();
      }
      return "stopped";
    }
  }

  // ---- demo ----

  /** What the demo set up, for the summary. */
  private record Demo(String tokenAddress, String rpcUrl, String account, boolean rules) {}

  private Demo startDemo(
      DevChain chain,
      Path dir,
      List<ServiceProcess> processes,
      Settings settings,
      PostgresServer postgres)
      throws Exception {
    console.starting("token", "");
    long t = System.nanoTime();
    List<String> ring;
    TestToken token;
    try {
      token = chain.deployToken();
      List<String> accounts = chain.accounts();
      ring = accounts.subList(0, Math.min(DEMO_ACCOUNTS, accounts.size()));
      if (ring.size() < 2) {
        throw new IllegalStateException("the dev chain has " + ring.size() + " accounts, not 2+");
      }
      for (String account : ring) {
        token.mint(account, DEMO_BALANCE);
      }
    } catch (RuntimeException e) {
      // The suite is up; only the demo's token is missing.
      console.failed("token", "not deployed: " + Suite.describe(e) + "; no demo traffic");
      return null;
    }
    console.ready(
        "token",
        token.address()
            + " on chain "
            + chain.chainId()
            + ", minted to "
            + ring.size()
            + " accounts",
        since(t));

    boolean chainConfigRuns = processes.stream().anyMatch(p -> p.service() == Service.CHAIN_CONFIG);
    if (chainConfigRuns) {
      new ChainRegistration(
              URI.create("http://127.0.0.1:" + Service.CHAIN_CONFIG.port() + "/api/chains"),
              settings.keys().map(Settings.Keys::admin).orElse(null),
              console)
          .register(chain.chainId(), chain.rpcUrl());
    } else if (!infraOnly) {
      console.info(
          "chain " + chain.chainId(), "not registered: chain-config-service is not running");
    }

    boolean rules =
        processes.stream().anyMatch(p -> p.service() == Service.RULE_ENGINE)
            && processes.stream().anyMatch(p -> p.service() == Service.SUBSCRIPTION)
            && new DemoRules(settings.keys().map(Settings.Keys::admin).orElse(null), console)
                .install(postgres, token.address(), chain.chainId());

    Path log = dir.resolve("demo-traffic.log");
    TestToken sending = token;
    suite.start(
        Stage.DEMO_TRAFFIC,
        "demo traffic",
        () ->
            new DemoTraffic(
                    (from, to, amount) -> sending.from(from).transfer(to, amount), ring, log)
                .start(),
        traffic -> traffic::stop);
    console.info(
        "demo traffic",
        "~3 Transfers/s around " + ring.size() + " dev accounts (failures go to " + log + ")");
    return new Demo(token.address(), chain.rpcUrl(), ring.get(0), rules);
  }

  // ---- summary ----

  private void summary(
      Path dir,
      Duration took,
      PostgresServer postgres,
      Messaging messaging,
      DevChain chain,
      List<ServiceProcess> processes,
      int gatewayPort,
      Settings settings,
      Demo demoInfo) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(
        (infraOnly ? "The infrastructure is up" : "The suite is up")
            + " after "
            + Console.seconds(took)
            + ":");
    if (gatewayPort > 0) {
      lines.add(row("gateway", "http://localhost:" + gatewayPort));
    }
    for (ServiceProcess p : processes) {
      lines.add(
          row(
              p.service().moduleName(),
              "http://localhost:" + p.service().port() + "   log " + p.log()));
    }
    lines.add(row("postgres", describe(postgres) + ", user " + postgres.username()));
    lines.add(row(messaging.name(), messaging.address()));
    if (chain != null) {
      lines.add(
          row(
              "devchain",
              chain.rpcUrl()
                  + " (chain id "
                  + chain.chainId()
                  + ", log "
                  + dir.resolve("devchain.log")
                  + ")"));
    }
    lines.add(row("run directory", dir.toString()));
    settings
        .keys()
        .ifPresent(
            keys -> {
              lines.add("");
              lines.add(
                  "API keys are on. The admin key (every service; manages subscribers' keys at"
                      + " /api/keys, changes chains):");
              lines.add("  " + keys.admin());
              if (givenAdminKey().isEmpty()) {
                lines.add(
                    "  (a new one each run; set "
                        + ADMIN_KEY_VARIABLE
                        + " to keep one. Subscribers' keys live in the database and stay valid.)");
              }
            });
    lines.add("");
    if (infraOnly) {
      lines.add(
          "Run a service against it with ./mvnw -pl <service> -am quarkus:dev and these settings:");
      lines.addAll(settings.developerInstructions(List.of(Service.values())));
    } else {
      // The full settings matter only for quarkus:dev, which wants the services' ports free.
      lines.add(
          "To work on one service with ./mvnw -pl <service> -am quarkus:dev, start ./suite up"
              + " --infra-only instead: it prints the settings to use.");
    }
    if (demoInfo != null) {
      lines.add("");
      lines.addAll(demoCommands(demoInfo, gatewayPort, settings.keys()));
    }
    lines.add("");
    lines.add("Ctrl-C stops everything.");
    console.println(String.join(System.lineSeparator(), lines));
  }

  private List<String> demoCommands(Demo demoInfo, int gatewayPort, Optional<Settings.Keys> keys) {
    List<String> lines = new ArrayList<>();
    if (gatewayPort <= 0) {
      lines.add(
          "Demo: token "
              + demoInfo.tokenAddress()
              + " on "
              + demoInfo.rpcUrl()
              + " emits about 3 Transfers a second (topic0 "
              + TestToken.TRANSFER_TOPIC0
              + ").");
      return lines;
    }
    String base = "localhost:" + gatewayPort;
    JsonObject subscription =
        TransferSubscription.request(demoInfo.tokenAddress(), DevChain.CHAIN_ID, 0, "demo");
    lines.add(
        "Try it (the token " + demoInfo.tokenAddress() + " emits about 3 Transfers a second):");
    lines.add("  curl -s " + base + "/health");
    // With keys on, the demo acts as subscriber "demo", with a key the admin key makes for it.
    String key = keys.isPresent() ? " -H \"X-API-Key: $key\"" : "";
    if (keys.isPresent()) {
      lines.add(
          "  key=$(curl -s -X POST "
              + base
              + "/api/keys -H 'X-API-Key: "
              + keys.get().admin()
              + "' -H 'Content-Type: application/json' -d '{\"subscriber_id\":\"demo\"}'"
              + " | sed -n 's/.*\"key\": *\"\\([^\"]*\\)\".*/\\1/p'); echo \"subscriber key $key\"");
    }
    // The subscription's id comes from the answer: with an existing PostgreSQL, ids go on
    // from earlier runs.
    lines.add(
        "  id=$(curl -s -X POST "
            + base
            + "/subscriptions"
            + key
            + " -H 'Content-Type: application/json' -d '"
            + subscription.encode()
            + "' | sed -n 's/.*\"id\": *\\([0-9]*\\).*/\\1/p'); echo \"subscription $id\"");
    // stream-service ingests the token's Transfers into the subscription's log at once and streams
    // them; curl stops after a few seconds (the stream itself never ends). The published client
    // sends no headers on the stream, so its key goes in the query there.
    lines.add(
        "  curl -sN --max-time 4 \""
            + base
            + "/subscriptions/$id/stream"
            + (keys.isPresent() ? "?api_key=$key" : "")
            + "\" | cut -c1-300");
    lines.add(
        "  curl -sN --max-time 4 -H 'Accept: text/event-stream'"
            + key
            + " "
            + base
            + "/subscriptions/$id/stream | cut -c1-200");
    lines.add("  curl -s" + key + " '" + base + "/subscriptions/'$id'/events?limit=3'");
    lines.add("  curl -s" + key + " " + base + "/subscriptions/$id/last-processed-block");
    lines.add("  curl -s" + key + " " + base + "/subscriptions/$id");
    if (!subscriptionApiAnswers()) {
      lines.add(
          "(subscription-service has no subscription API yet: until its issue lands, the last"
              + " six answer 404)");
    }
    if (demoInfo.rules()) {
      lines.add("");
      lines.addAll(
          DemoRules.commands(base, demoInfo.rpcUrl(), demoInfo.tokenAddress(), demoInfo.account()));
    }
    return lines;
  }

  /** Whether subscription-service serves {@code GET /subscriptions} (its own issue adds it). */
  private static boolean subscriptionApiAnswers() {
    HttpRequest list =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + Service.SUBSCRIPTION.port() + "/subscriptions"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      int status =
          HttpClient.newHttpClient()
              .send(list, HttpResponse.BodyHandlers.discarding())
              .statusCode();
      return status != 404 && status != 405;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- helpers ----

  /** The admin key the user chose for {@code --api-keys}, if any. */
  private static Optional<String> givenAdminKey() {
    return Optional.ofNullable(System.getenv(ADMIN_KEY_VARIABLE))
        .map(String::trim)
        .filter(k -> !k.isEmpty());
  }

  private static String row(String name, String value) {
    return "  " + name + " ".repeat(Math.max(1, 22 - name.length())) + value;
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private static String timestamp() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }

  /**
   * The launcher's own logging (Vert.x, Netty and whatever the infrastructure logs through
   * java.util.logging) goes to the run directory, keeping the terminal for progress lines.
   */
  private static void logTo(Path file) throws IOException {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    FileHandler handler = new FileHandler(file.toString(), true);
    handler.setFormatter(new SimpleFormatter());
    root.addHandler(handler);
    root.setLevel(Level.INFO);
  }
}
