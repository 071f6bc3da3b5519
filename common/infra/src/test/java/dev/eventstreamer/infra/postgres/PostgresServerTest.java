package dev.eventstreamer.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.Ports;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Real SQL on the shared server (the local one if listening) and on a forced embedded one. */
class PostgresServerTest {

  private final PostgresServer server = PostgresServer.shared();

  @Test
  void freshDatabaseRoundTripAndDrop() throws SQLException {
    String database = server.createFreshDatabase("infra_it");
    assertTrue(database.matches("infra_it_[a-z0-9]{10}"), database);
    try (Connection connection = server.connect(database)) {
      roundTrip(connection);
      // An open session must not stop the drop.
      server.dropDatabase(database);
    }
    assertFalse(exists(server, database));
    server.dropDatabase(database);
  }

  @Test
  void dropWithoutForceEndsOpenSessionsAsOnOldServers() throws SQLException {
    String database = server.createFreshDatabase("infra_old");
    try (Connection open = server.connect(database)) {
      roundTrip(open);
      server.dropDatabaseWithoutForce(database);
      assertFalse(exists(server, database));
      assertThrows(SQLException.class, () -> roundTrip(open), "session was terminated");
    }
  }

  @Test
  void prefixesAreMadeSafe() {
    String database = server.createFreshDatabase("Chain-Config");
    try {
      assertTrue(database.matches("chain_config_[a-z0-9]{10}"), database);
    } finally {
      server.dropDatabase(database);
    }
  }

  @Test
  void freshDatabasesAreIsolated() throws SQLException {
    String first = server.createFreshDatabase("infra_iso");
    String second = server.createFreshDatabase("infra_iso");
    try {
      assertNotEquals(first, second);
      try (Connection a = server.connect(first);
          Connection b = server.connect(second)) {
        execute(a, "CREATE TABLE item (name text)");
        execute(b, "CREATE TABLE item (name text)");
        execute(a, "INSERT INTO item VALUES ('only in first')");
        assertEquals(1, count(a, "item"));
        assertEquals(0, count(b, "item"));
      }
    } finally {
      server.dropDatabase(first);
      server.dropDatabase(second);
    }
  }

  @Test
  void createDatabaseAndServiceDatabasesAreIdempotent() throws SQLException {
    server.createServiceDatabases();
    server.createServiceDatabases();
    for (String database : PostgresServer.SERVICE_DATABASES) {
      assertTrue(exists(server, database), database);
    }
    String database = server.createFreshDatabase("infra_idem");
    try {
      server.createDatabase(database);
      assertTrue(exists(server, database));
    } finally {
      server.dropDatabase(database);
    }
  }

  @Test
  void urlsAndNameChecks() {
    assertEquals(
        "jdbc:postgresql://" + server.host() + ":" + server.port() + "/stream",
        server.jdbcUrl("stream"));
    assertEquals(
        "postgresql://" + server.host() + ":" + server.port() + "/stream",
        server.reactiveUrl("stream"));
    assertThrows(IllegalArgumentException.class, () -> server.createDatabase("x; DROP"));
  }

  @Test
  void embeddedServerWorksWhenForced() throws SQLException {
    int port;
    try (PostgresServer embedded = PostgresServer.startEmbedded()) {
      port = embedded.port();
      assertTrue(embedded.embedded());
      assertNotEquals(5432, port);
      String database = embedded.createFreshDatabase("embedded");
      try (Connection connection = embedded.connect(database)) {
        roundTrip(connection);
      }
      embedded.createServiceDatabases();
      embedded.dropDatabase(database);
      assertFalse(exists(embedded, database));
    }
    assertFalse(Ports.isListening("127.0.0.1", port, 500), "stopped on close");
  }

  private static void roundTrip(Connection connection) throws SQLException {
    execute(connection, "CREATE TABLE greeting (id int PRIMARY KEY, text varchar(40) NOT NULL)");
    execute(connection, "INSERT INTO greeting VALUES (1, 'hello'), (2, 'world')");
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT text FROM greeting ORDER BY id")) {
      assertTrue(rows.next());
      assertEquals("hello", rows.getString(1));
      assertTrue(rows.next());
      assertEquals("world", rows.getString(1));
      assertFalse(rows.next());
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static int count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  static boolean exists(PostgresServer server, String database) throws SQLException {
    try (Connection connection = server.connect("postgres");
        PreparedStatement query =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, database);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }
}
