package dev.eventstreamer.infra.artemis;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test's SmallRye AMQP connector at {@link ArtemisServer#shared()}. */
public class ArtemisTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    ArtemisServer server = ArtemisServer.shared();
    return Map.of(
        "amqp-host", server.host(),
        "amqp-port", String.valueOf(server.amqpPort()),
        "amqp-username", server.username(),
        "amqp-password", server.password());
  }

  @Override
  public void stop() {
    // The shared broker outlives each test application; a shutdown hook stops it.
  }
}
