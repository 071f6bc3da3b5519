package dev.eventstreamer.infra.artemis;

import dev.eventstreamer.infra.JvmShared;
import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.QuietLogging;
import dev.eventstreamer.infra.TempDirs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/** An ActiveMQ Artemis broker in this JVM speaking AMQP 1.0 on 127.0.0.1, nothing persisted. */
public final class ArtemisServer implements AutoCloseable {

  // Security is off and addresses and queues are created on first use, so that services need no
  // broker-side setup; persistence is off because nothing here must survive a restart.

  /** Security is off, so any credentials pass; these are the ones handed to clients. */
  public static final String USERNAME = "artemis";

  public static final String PASSWORD = "artemis";

  // Where undeliverable and expired messages go, named as on a stock broker.
  private static final String DEAD_LETTER = "DLQ";
  private static final String EXPIRY = "ExpiryQueue";

  private static ArtemisServer shared;

  private final int amqpPort;
  private final EmbeddedActiveMQ broker;
  private final Path dataDir;
  private final boolean ownedByJvm;
  private boolean closed;

  private ArtemisServer(int amqpPort, EmbeddedActiveMQ broker, Path dataDir, boolean ownedByJvm) {
    this.amqpPort = amqpPort;
    this.broker = broker;
    this.dataDir = dataDir;
    this.ownedByJvm = ownedByJvm;
  }

  /** A new broker on a free port. */
  public static ArtemisServer start() {
    return launch(Ports.freePort());
  }

  /** A new broker on {@code amqpPort}; an {@link IllegalStateException} names the port if taken. */
  public static ArtemisServer start(int amqpPort) {
    Ports.requireFree(amqpPort, "Artemis");
    return launch(amqpPort);
  }

  /**
   * One broker for the whole JVM, started on first use and stopped by a shutdown hook; its {@link
   * #close()} does nothing so that no single user can stop it for the others.
   */
  public static ArtemisServer shared() {
    return JvmShared.fromSystemLoader(ArtemisServer.class)
        .map(
            other ->
                new ArtemisServer(
                    JvmShared.call(other, "amqpPort", Integer.class), null, null, true))
        .orElseGet(ArtemisServer::sharedHere);
  }

  private static synchronized ArtemisServer sharedHere() {
    if (shared == null) {
      ArtemisServer started = start();
      shared = new ArtemisServer(started.amqpPort, started.broker, started.dataDir, true);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::close, "eventstreamer-artemis-shutdown"));
    }
    return shared;
  }

  public String host() {
    return Ports.LOOPBACK;
  }

  public int amqpPort() {
    return amqpPort;
  }

  public String username() {
    return USERNAME;
  }

  public String password() {
    return PASSWORD;
  }

  /** Stops the broker and deletes its directory; nothing for the shared broker. */
  @Override
  public synchronized void close() {
    if (ownedByJvm || closed) {
      return;
    }
    closed = true;
    try {
      broker.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop Artemis on port " + amqpPort, e);
    } finally {
      TempDirs.deleteQuietly(dataDir);
    }
  }

  @Override
  public String toString() {
    return "Artemis amqp://" + host() + ":" + amqpPort;
  }

  private static ArtemisServer launch(int amqpPort) {
    QuietLogging.warnOnly("org.apache.activemq");
    Path dataDir = TempDirs.create("eventstreamer-artemis-");
    // Netty threads inherit this loader and Artemis finds its protocol managers through it.
    return JvmShared.withContextLoader(
        ArtemisServer.class.getClassLoader(),
        () -> {
          EmbeddedActiveMQ broker =
              new EmbeddedActiveMQ().setConfiguration(configuration(amqpPort, dataDir));
          try {
            broker.start();
            if (!broker.getActiveMQServer().waitForActivation(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("not active after 30 s");
            }
            return new ArtemisServer(amqpPort, broker, dataDir, false);
          } catch (Exception | Error e) {
            try {
              broker.stop();
            } catch (Exception stopFailure) {
              e.addSuppressed(stopFailure);
            }
            TempDirs.deleteQuietly(dataDir);
            throw new IllegalStateException(
                "Artemis on "
                    + Ports.LOOPBACK
                    + ":"
                    + amqpPort
                    + " did not start: "
                    + e.getMessage(),
                e);
          }
        });
  }

  private static Configuration configuration(int amqpPort, Path dataDir) throws Exception {
    AddressSettings everything =
        new AddressSettings()
            .setAutoCreateAddresses(true)
            .setAutoCreateQueues(true)
            // As on a stock broker: each receiver of an auto-created address gets its own copy.
            .setDefaultAddressRoutingType(RoutingType.MULTICAST)
            .setDefaultQueueRoutingType(RoutingType.MULTICAST)
            .setDeadLetterAddress(SimpleString.of(DEAD_LETTER))
            .setExpiryAddress(SimpleString.of(EXPIRY));
    Configuration config = new ConfigurationImpl();
    config.setName("eventstreamer-artemis");
    config.setPersistenceEnabled(false);
    config.setSecurityEnabled(false);
    config.setJMXManagementEnabled(false);
    // The disk watchdog would block producers on a nearly full CI disk for no benefit here.
    config.setMaxDiskUsage(-1);
    config.setCriticalAnalyzer(false);
    // Even without persistence Artemis resolves these; keep them out of the working directory.
    config.setBrokerInstance(dataDir.toFile());
    config.setBindingsDirectory(dataDir.resolve("bindings").toString());
    config.setJournalDirectory(dataDir.resolve("journal").toString());
    config.setPagingDirectory(dataDir.resolve("paging").toString());
    config.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
    config.addAcceptorConfiguration(
        "amqp", "tcp://" + Ports.LOOPBACK + ":" + amqpPort + "?protocols=AMQP,CORE;useEpoll=false");
    config.addAddressSetting("#", everything);
    config.addAddressConfiguration(anycastQueue(DEAD_LETTER));
    config.addAddressConfiguration(anycastQueue(EXPIRY));
    return config;
  }

  private static CoreAddressConfiguration anycastQueue(String name) {
    return new CoreAddressConfiguration()
        .setName(name)
        .addRoutingType(RoutingType.ANYCAST)
        .addQueueConfiguration(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST));
  }
}
