package dev.eventstreamer.rules.testing;

import dev.eventstreamer.infra.postgres.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A fresh database reached through {@link DatabaseProxy}, for the service's reactive client; Flyway
 * migrates it directly.
 */
public class ProxiedDatabaseResource implements QuarkusTestResourceLifecycleManager {

  private PostgresServer server;
  private String database;

  @Override
  public Map<String, String> start() {
    server = PostgresServer.shared();
    database = server.createFreshDatabase("rules_proxied");
    return Map.of(
        "quarkus.datasource.reactive.url",
        "postgresql://127.0.0.1:" + DatabaseProxy.listenPort() + "/" + database,
        "quarkus.datasource.jdbc.url",
        server.jdbcUrl(database),
        "quarkus.datasource.username",
        server.username(),
        "quarkus.datasource.password",
        server.password());
  }

  @Override
  public void stop() {
    DatabaseProxy.restoreAll();
    if (server != null && database != null) {
      server.dropDatabase(database);
    }
  }
}
