package dev.eventstreamer.infra.kafka;

import dev.eventstreamer.infra.JvmShared;
import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.QuietLogging;
import dev.eventstreamer.infra.TempDirs;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** A single-node KRaft Kafka broker (broker and controller) in this JVM, data in a temp dir. */
public final class KafkaServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KafkaServer.class.getName());
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private static KafkaServer shared;
  private static boolean exitGuarded;

  private final String bootstrapServers;
  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean ownedByJvm;
  private final boolean keepData;
  private boolean closed;

  private KafkaServer(
      String bootstrapServers, KafkaRaftServer server, Path dataDir, boolean ownedByJvm) {
    this(bootstrapServers, server, dataDir, ownedByJvm, false);
  }

  private KafkaServer(
      String bootstrapServers,
      KafkaRaftServer server,
      Path dataDir,
      boolean ownedByJvm,
      boolean keepData) {
    this.bootstrapServers = bootstrapServers;
    this.server = server;
    this.dataDir = dataDir;
    this.ownedByJvm = ownedByJvm;
    this.keepData = keepData;
  }

  /** A new broker on a free port. */
  public static KafkaServer start() {
    return launch(Ports.freePort());
  }

  /**
   * A new broker on {@code port}; an {@link IllegalStateException} names the port if it is taken.
   */
  public static KafkaServer start(int port) {
    Ports.requireFree(port, "Kafka");
    return launch(port);
  }

  /**
   * A broker on {@code port} (its controller on {@code controllerPort}) whose data stays in {@code
   * dataDir}: formatted on first use, found again on a later start, and left there by {@link
   * #close()}. A broker killed with kill -9 then starts again on the same ports and data, as a
   * restarted server would, with its topics and committed offsets.
   */
  public static KafkaServer startKeepingData(int port, int controllerPort, Path dataDir) {
    return launch(port, controllerPort, dataDir, true);
  }

  /**
   * One broker for the whole JVM, started on first use and stopped by a shutdown hook; its {@link
   * #close()} does nothing so that no single user can stop it for the others.
   */
  public static KafkaServer shared() {
    return JvmShared.fromSystemLoader(KafkaServer.class)
        .map(other -> view(JvmShared.call(other, "bootstrapServers", String.class)))
        .orElseGet(KafkaServer::sharedHere);
  }

  private static synchronized KafkaServer sharedHere() {
    if (shared == null) {
      KafkaServer started = start();
      shared = new KafkaServer(started.bootstrapServers, started.server, started.dataDir, true);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::close, "eventstreamer-kafka-shutdown"));
    }
    return shared;
  }

  private static KafkaServer view(String bootstrapServers) {
    return new KafkaServer(bootstrapServers, null, null, true);
  }

  /** {@code 127.0.0.1:<port>}, for {@code kafka.bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Stops the broker and deletes its data; nothing for the shared broker. */
  @Override
  public synchronized void close() {
    if (ownedByJvm || closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (!keepData) {
        TempDirs.deleteQuietly(dataDir);
      }
    }
  }

  @Override
  public String toString() {
    return "Kafka " + bootstrapServers;
  }

  private static KafkaServer launch(int port) {
    int controllerPort = Ports.freePort();
    while (controllerPort == port) {
      controllerPort = Ports.freePort();
    }
    return launch(port, controllerPort, TempDirs.create("eventstreamer-kafka-"), false);
  }

  private static KafkaServer launch(int port, int controllerPort, Path dataDir, boolean keepData) {
    // Also quiets the INFO config dumps of Kafka clients in this JVM; levels a user set win.
    QuietLogging.warnOnly("kafka", "org.apache.kafka", "state.change.logger");
    guardExit();
    String bootstrap = Ports.LOOPBACK + ":" + port;
    Properties properties = brokerProperties(port, controllerPort, dataDir.resolve("logs"));
    // Threads the broker starts inherit this loader, and Kafka loads configured classes through
    // it; a Quarkus application loader that is closed later must not end up there.
    return JvmShared.withContextLoader(
        KafkaServer.class.getClassLoader(),
        () -> {
          KafkaRaftServer server = null;
          try {
            KafkaConfig config = KafkaConfig.fromProps(properties, false);
            if (!keepData || !Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
              format(config, dataDir.resolve("logs"));
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitClients(bootstrap);
            return new KafkaServer(bootstrap, server, dataDir, false, keepData);
          } catch (Exception | Error e) {
            if (server != null) {
              stopQuietly(server);
            }
            if (!keepData) {
              TempDirs.deleteQuietly(dataDir);
            }
            throw new IllegalStateException(
                "Kafka broker on " + bootstrap + " did not start: " + e.getMessage(), e);
          }
        });
  }

  private static Properties brokerProperties(int port, int controllerPort, Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + Ports.LOOPBACK + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + Ports.LOOPBACK
            + ":"
            + port
            + ",CONTROLLER://"
            + Ports.LOOPBACK
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic has to live with a single replica.
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Fewer internal partitions and no rebalance delay make the first consumer group join fast.
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "true");
    // Small files and buffers: test data is tiny and the default cleaner buffer alone is 128 MiB.
    p.put("log.segment.bytes", String.valueOf(1 << 20));
    p.put("offsets.topic.segment.bytes", String.valueOf(1 << 20));
    p.put("transaction.state.log.segment.bytes", String.valueOf(1 << 20));
    p.put("log.index.size.max.bytes", String.valueOf(1 << 20));
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 << 20));
    p.put("log.cleaner.threads", "1");
    // The defaults (3 network, 8 I/O, 10 background threads) are sized for a production server.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    return p;
  }

  private static void format(KafkaConfig config, Path logDir) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(NODE_ID)
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setMetadataLogDirectory(config.metadataLogDir())
        .setDirectories(List.of(logDir.toString()))
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
  }

  private static void awaitClients(String bootstrap) throws Exception {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    Map<String, Object> adminConfig =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    Exception last = null;
    try (Admin admin = Admin.create(adminConfig)) {
      while (System.nanoTime() < deadline) {
        try {
          Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        Thread.sleep(100);
      }
    }
    throw new TimeoutException(
        "no answer to describeCluster within "
            + STARTUP_TIMEOUT.toSeconds()
            + " s"
            + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
  }

  // Kafka ends the process on a fatal broker error; in a test JVM or the launcher that would take
  // everything else down with it, so such errors are logged instead.
  private static synchronized void guardExit() {
    if (exitGuarded) {
      return;
    }
    exitGuarded = true;
    Exit.setExitProcedure(
        (status, message) ->
            LOG.log(
                Level.SEVERE,
                "Embedded Kafka asked to exit({0}): {1}",
                new Object[] {status, message}));
    Exit.setHaltProcedure(
        (status, message) ->
            LOG.log(
                Level.SEVERE,
                "Embedded Kafka asked to halt({0}): {1}",
                new Object[] {status, message}));
  }

  private static void stopQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Stopping a broker that failed to start", e);
    }
  }
}
