package dev.eventstreamer.infra.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.eventstreamer.infra.Clients;
import dev.eventstreamer.infra.artemis.ArtemisTestResource;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.DevChainTestResource;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.kafka.KafkaTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The four test resources as a service's {@code @QuarkusTest} uses them, config injected. */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestResource.class,
    initArgs = @ResourceArg(name = "database-prefix", value = "quarkus"))
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ArtemisTestResource.class)
@QuarkusTestResource(DevChainTestResource.class)
class TestResourcesInQuarkusTest {

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String username;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = "eventstreamer.test.database")
  String database;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "amqp-host")
  String amqpHost;

  @ConfigProperty(name = "amqp-port")
  int amqpPort;

  @ConfigProperty(name = "amqp-username")
  String amqpUsername;

  @ConfigProperty(name = "amqp-password")
  String amqpPassword;

  @ConfigProperty(name = DevChainTestResource.RPC_URL_KEY)
  String devChainRpcUrl;

  @Test
  void postgresDatabaseIsLive() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_database()")) {
      rows.next();
      assertEquals(database, rows.getString(1));
    }
  }

  @Test
  void kafkaBrokerIsLiveAndOwnedByTheSystemClassLoader() throws Exception {
    String topic = "quarkus-" + UUID.randomUUID();
    Clients.produce(bootstrap, topic, "k", "from a quarkus test");
    assertEquals("from a quarkus test", Clients.consume(bootstrap, topic, 1).get(0).value());
    // Quarkus loaded this module in its own class loader; the broker lives in the system one.
    assertNotSame(ClassLoader.getSystemClassLoader(), KafkaServer.class.getClassLoader());
    assertEquals(bootstrap, SystemLoader.kafkaBootstrap());
  }

  @Test
  void artemisBrokerIsLive() throws Exception {
    assertEquals(
        "from a quarkus test",
        Clients.amqpRoundTrip(
            amqpHost, amqpPort, amqpUsername, amqpPassword, "from a quarkus test"));
  }

  @Test
  void devChainIsTheJvmWideNodeAndTakesTransactions() {
    DevChain chain = DevChain.shared();
    assertEquals(devChainRpcUrl, chain.rpcUrl());
    assertEquals(31337, chain.chainId());
    long before = chain.blockNumber();
    TestToken token = chain.deployToken();
    String to = chain.accounts().get(1);
    token.mint(token.sender(), java.math.BigInteger.TEN);
    token.transfer(to, java.math.BigInteger.TEN);
    assertEquals(
        1,
        chain
            .getLogs(before, chain.blockNumber(), token.address(), TestToken.TRANSFER_TOPIC0)
            .stream()
            .filter(
                log -> log.get("topics").get(2).asText().endsWith(to.substring(2).toLowerCase()))
            .count());
  }
}
