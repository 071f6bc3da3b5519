package dev.eventstreamer.infra.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.infra.Clients;
import dev.eventstreamer.infra.artemis.ArtemisTestResource;
import dev.eventstreamer.infra.kafka.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A second Quarkus application (another profile) gets the same shared brokers, still working. */
@QuarkusTest
@TestProfile(RestartedApplicationTest.OtherProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ArtemisTestResource.class)
class RestartedApplicationTest {

  /** Any profile that differs from the default forces a new application. */
  public static class OtherProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("eventstreamer.test.profile", "other");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "amqp-port")
  int amqpPort;

  @Test
  void sharedBrokersSurviveTheFirstApplication() throws Exception {
    assertEquals(SystemLoader.kafkaBootstrap(), bootstrap);
    assertEquals(SystemLoader.artemisPort(), amqpPort);
    String topic = "restarted-" + UUID.randomUUID();
    Clients.produce(bootstrap, topic, "k", "after a restart");
    assertEquals("after a restart", Clients.consume(bootstrap, topic, 1).get(0).value());
    assertEquals(
        "after a restart",
        Clients.amqpRoundTrip("127.0.0.1", amqpPort, "artemis", "artemis", "after a restart"));
  }
}
