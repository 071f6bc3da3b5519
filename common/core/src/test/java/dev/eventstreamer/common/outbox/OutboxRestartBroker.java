package dev.eventstreamer.common.outbox;

import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.kafka.KafkaServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A Kafka broker of the outbox tests' own on a fixed free port, so that a test can stop it and
 * start a new one on the same address while the shared broker serves everyone else.
 */
public class OutboxRestartBroker implements QuarkusTestResourceLifecycleManager {

  /** Config key the restart channel's {@code bootstrap.servers} refers to. */
  static final String BOOTSTRAP_PROPERTY = "outbox-test.restart-bootstrap-servers";

  private static int port;
  private static KafkaServer broker;

  @Override
  public Map<String, String> start() {
    port = Ports.freePort();
    startBroker();
    return Map.of(BOOTSTRAP_PROPERTY, bootstrapServers());
  }

  @Override
  public void stop() {
    stopBroker();
  }

  static synchronized String bootstrapServers() {
    return Ports.LOOPBACK + ":" + port;
  }

  /** A new broker (empty data directory) on the same port. */
  static synchronized void startBroker() {
    if (broker == null) {
      broker = KafkaServer.start(port);
    }
  }

  static synchronized void stopBroker() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
