package dev.eventstreamer.infra.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test's Kafka clients and connector at {@link KafkaServer#shared()}. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String bootstrap = KafkaServer.shared().bootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
  }

  @Override
  public void stop() {
    // The shared broker outlives each test application; a shutdown hook stops it.
  }
}
