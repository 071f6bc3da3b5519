package dev.eventstreamer.rules.testing;

import dev.eventstreamer.infra.kafka.KafkaServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * The shared Kafka broker, and consumer groups of the test application's own: a test application
 * starts on a fresh database, and must not resume the offsets another one (of another profile)
 * left, whose changes and events belong to another database.
 */
public class RuleEngineTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String bootstrap = KafkaServer.shared().bootstrapServers();
    String group = "rule-engine-test-" + UUID.randomUUID();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap,
        "mp.messaging.incoming.chain-events.group.id", group,
        "mp.messaging.incoming.domain-events.group.id", group,
        "mp.messaging.incoming.rule-changes.group.id", group);
  }

  @Override
  public void stop() {
    // The shared broker outlives each test application.
  }
}
