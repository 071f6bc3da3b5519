package dev.eventstreamer.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.artemis.ArtemisTestResource;
import dev.eventstreamer.infra.kafka.KafkaTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Starts each Quarkus test resource by hand and uses the config it returns against the live server.
 */
class TestResourcesTest {

  @Test
  void postgresResourceHandsOutAFreshDatabaseAndDropsIt() throws SQLException {
    PostgresTestResource resource = new PostgresTestResource();
    resource.init(Map.of("database-prefix", "resource"));
    Map<String, String> config = resource.start();
    String database = config.get("eventstreamer.test.database");
    try {
      assertEquals(
          Set.of(
              "quarkus.datasource.reactive.url",
              "quarkus.datasource.jdbc.url",
              "quarkus.datasource.username",
              "quarkus.datasource.password",
              "eventstreamer.test.database"),
          config.keySet());
      assertTrue(database.startsWith("resource_"), database);
      String jdbcUrl = config.get("quarkus.datasource.jdbc.url");
      assertTrue(jdbcUrl.endsWith("/" + database), jdbcUrl);
      assertEquals(jdbcUrl, "jdbc:" + config.get("quarkus.datasource.reactive.url"));
      try (Connection connection =
              DriverManager.getConnection(
                  jdbcUrl,
                  config.get("quarkus.datasource.username"),
                  config.get("quarkus.datasource.password"));
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT current_database()")) {
        rows.next();
        assertEquals(database, rows.getString(1));
      }
    } finally {
      resource.stop();
    }
    try (Connection admin =
            DriverManager.getConnection(
                config.get("quarkus.datasource.jdbc.url").replace("/" + database, "/postgres"),
                config.get("quarkus.datasource.username"),
                config.get("quarkus.datasource.password"));
        Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
      rows.next();
      assertEquals(0, rows.getInt(1), "dropped on stop");
    }
  }

  @Test
  void kafkaResourcePointsAtALiveBroker() throws Exception {
    KafkaTestResource resource = new KafkaTestResource();
    Map<String, String> config = resource.start();
    try {
      String bootstrap = config.get("kafka.bootstrap.servers");
      assertEquals(
          bootstrap, config.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"));
      String topic = "resource-" + UUID.randomUUID();
      Clients.produce(bootstrap, topic, "k", "through the test resource");
      assertEquals(
          "through the test resource", Clients.consume(bootstrap, topic, 1).get(0).value());
    } finally {
      resource.stop();
    }
    assertEquals(config, new KafkaTestResource().start(), "one shared broker");
  }

  @Test
  void artemisResourcePointsAtALiveBroker() throws Exception {
    ArtemisTestResource resource = new ArtemisTestResource();
    Map<String, String> config = resource.start();
    try {
      assertEquals(
          Set.of("amqp-host", "amqp-port", "amqp-username", "amqp-password"), config.keySet());
      assertEquals(
          "through the test resource",
          Clients.amqpRoundTrip(
              config.get("amqp-host"),
              Integer.parseInt(config.get("amqp-port")),
              config.get("amqp-username"),
              config.get("amqp-password"),
              "through the test resource"));
    } finally {
      resource.stop();
    }
    assertFalse(config.get("amqp-port").isEmpty());
    assertEquals(config, new ArtemisTestResource().start(), "one shared broker");
  }
}
