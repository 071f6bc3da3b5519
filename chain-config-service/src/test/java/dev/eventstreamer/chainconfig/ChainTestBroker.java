package dev.eventstreamer.chainconfig;

import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.kafka.KafkaServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Kafka KRaft broker of the service's tests on a fixed free port, so that a test can stop it
 * and start a new one on the same address (the outbox must then deliver what piled up).
 */
public class ChainTestBroker implements QuarkusTestResourceLifecycleManager {

  private static int port;
  private static KafkaServer broker;

  @Override
  public Map<String, String> start() {
    port = Ports.freePort();
    startBroker();
    return Map.of(
        "kafka.bootstrap.servers", bootstrapServers(),
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrapServers());
  }

  @Override
  public void stop() {
    stopBroker();
  }

  public static synchronized String bootstrapServers() {
    return Ports.LOOPBACK + ":" + port;
  }

  /** A new broker (empty data directory) on the same port. */
  public static synchronized void startBroker() {
    if (broker == null) {
      broker = KafkaServer.start(port);
    }
  }

  public static synchronized void stopBroker() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
