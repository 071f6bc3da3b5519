package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void printsShellAndMavenFormsQuotingWhatNeedsIt() {
    Map<String, String> p = Map.of("quarkus.datasource.password", "it's secret");
    assertEquals("export QUARKUS_DATASOURCE_PASSWORD='it'\\''s secret'", Settings.exportLine(p));
    assertEquals("-Dquarkus.datasource.password='it'\\''s secret'", Settings.systemProperties(p));
  }
}
