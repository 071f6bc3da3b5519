package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private final Settings.Database database =
      new Settings.Database(
          "postgres",
          "postgres",
          db -> "postgresql://127.0.0.1:5432/" + db,
          db -> "jdbc:postgresql://127.0.0.1:5432/" + db);

  @Test
  void wiresAServiceToItsDatabaseAndKafka() {
    Map<String, String> env =
        Settings.kafka(database, "127.0.0.1:9092", null).environment(Service.STREAM);
    assertEquals("8082", env.get("QUARKUS_HTTP_PORT"));
    assertEquals("postgresql://127.0.0.1:5432/stream", env.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
    assertEquals("jdbc:postgresql://127.0.0.1:5432/stream", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
    assertEquals("postgres", env.get("QUARKUS_DATASOURCE_USERNAME"));
    assertEquals("postgres", env.get("QUARKUS_DATASOURCE_PASSWORD"));
    assertEquals("127.0.0.1:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
    assertEquals("kafka", env.get("EVENTSTREAMER_MESSAGING_TRANSPORT"));
    assertTrue(!env.containsKey("EVENTSTREAMER_DEVCHAIN_RPC_URL"));
  }

  @Test
  void wiresAmqpAndTheDevChain() {
    Map<String, String> env =
        Settings.amqp(database, "127.0.0.1", 5673, "artemis", "secret", "http://127.0.0.1:8545")
            .environment(Service.RULE_ENGINE);
    assertEquals("amqp", env.get("EVENTSTREAMER_MESSAGING_TRANSPORT"));
    assertEquals("127.0.0.1", env.get("AMQP_HOST"));
    assertEquals("5673", env.get("AMQP_PORT"));
    assertEquals("artemis", env.get("AMQP_USERNAME"));
    assertEquals("secret", env.get("AMQP_PASSWORD"));
    assertEquals("http://127.0.0.1:8545", env.get("EVENTSTREAMER_DEVCHAIN_RPC_URL"));
    assertEquals("postgresql://127.0.0.1:5432/rules", env.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
  }

  @Test
  void givesEveryServiceTheSameAdminKeyAndStreamServiceTheServiceKey() {
    Settings.Keys keys = new Settings.Keys("the-admin-key", "the-service-key");
    Settings settings = Settings.kafka(database, "127.0.0.1:9092", null).withKeys(keys);

    Map<String, String> subscription = settings.environment(Service.SUBSCRIPTION);
    assertEquals("true", subscription.get("SUBSCRIPTION_AUTH_ENABLED"));
    assertEquals("the-admin-key", subscription.get("SUBSCRIPTION_AUTH_ADMIN_KEY"));

    Map<String, String> chainConfig = settings.environment(Service.CHAIN_CONFIG);
    assertEquals("true", chainConfig.get("CHAIN_CONFIG_AUTH_ENABLED"));
    assertEquals("the-admin-key", chainConfig.get("CHAIN_CONFIG_AUTH_ADMIN_KEY"));
    assertEquals("the-service-key", chainConfig.get("CHAIN_CONFIG_AUTH_SERVICE_KEYS"));

    Map<String, String> stream = settings.environment(Service.STREAM);
    assertEquals("true", stream.get("STREAM_AUTH_ENABLED"));
    assertEquals("the-admin-key", stream.get("STREAM_SUBSCRIPTION_SERVICE_API_KEY"));
    assertEquals("the-service-key", stream.get("STREAM_CHAIN_CONFIG_API_KEY"));
    // Each service gets only its own settings.
    assertFalse(stream.containsKey("CHAIN_CONFIG_AUTH_ADMIN_KEY"));
    assertFalse(subscription.containsKey("STREAM_CHAIN_CONFIG_API_KEY"));

    // The developer's lines for quarkus:dev carry them too.
    assertTrue(
        String.join("\n", settings.developerInstructions(List.of(Service.CHAIN_CONFIG)))
            .contains("CHAIN_CONFIG_AUTH_SERVICE_KEYS=the-service-key"));
  }

  @Test
  void keysAreOffUnlessAsked() {
    for (Service service : Service.values()) {
      Map<String, String> env =
          Settings.kafka(database, "127.0.0.1:9092", null).environment(service);
      assertTrue(
          env.keySet().stream().noneMatch(k -> k.contains("AUTH") || k.contains("API_KEY")),
          service + ": " + env);
    }
  }

  @Test
  void makesKeysThatDifferAndKeepsAGivenAdminKey() {
    Settings.Keys made = Settings.Keys.withAdmin(null);
    assertTrue(made.admin().matches("esk_admin_[A-Za-z0-9_-]{43}"), made.admin());
    assertTrue(made.service().matches("esk_service_[A-Za-z0-9_-]{43}"), made.service());
    assertEquals("given", Settings.Keys.withAdmin("given").admin());
    assertFalse(made.toString().contains(made.admin()), "no key in a log line");
    assertThrows(IllegalArgumentException.class, () -> new Settings.Keys("same", "same"));
  }

  @Test
  void printsShellAndMavenFormsQuotingWhatNeedsIt() {
    Map<String, String> p = Map.of("quarkus.datasource.password", "it's secret");
    assertEquals("export QUARKUS_DATASOURCE_PASSWORD='it'\\''s secret'", Settings.exportLine(p));
    assertEquals("-Dquarkus.datasource.password='it'\\''s secret'", Settings.systemProperties(p));
  }
}
