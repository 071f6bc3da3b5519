package dev.eventstreamer.subscription.testing;

import dev.eventstreamer.infra.artemis.ArtemisTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The application with every channel on AMQP 1.0 (Artemis) instead of Kafka. */
public class AmqpProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("eventstreamer.messaging.transport", "amqp");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(ArtemisTestResource.class));
  }
}
