package dev.eventstreamer.stream.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test application its own consumer group on the shared broker. Each starts on a fresh
 * database, so it is a new stream-service: like one, it builds its projections from the whole
 * history of subscription-events and chain-config-events, where a group shared with the previous
 * application would resume at that one's offsets and never learn of the chains seeded before.
 */
public class FreshConsumerGroup implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String group = "stream-service-test-" + UUID.randomUUID();
    return Map.of(
        "mp.messaging.incoming.subscription-events.group.id", group,
        "mp.messaging.incoming.chain-config-events.group.id", group);
  }

  @Override
  public void stop() {
    // The group's offsets stay on the broker; nothing joins it again.
  }
}
