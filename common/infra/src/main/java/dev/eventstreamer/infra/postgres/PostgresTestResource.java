package dev.eventstreamer.infra.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Gives a Quarkus test application a fresh database on {@link PostgresServer#shared()}. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  /** Config key holding the name of the database created for the test. */
  public static final String DATABASE_PROPERTY = "eventstreamer.test.database";

  private String prefix = "test";
  private PostgresServer server;
  private String database;

  @Override
  public void init(Map<String, String> initArgs) {
    String configured = initArgs.get("database-prefix");
    if (configured != null && !configured.isBlank()) {
      prefix = configured.trim();
    }
  }

  @Override
  public Map<String, String> start() {
    server = PostgresServer.shared();
    database = server.createFreshDatabase(prefix);
    return Map.of(
        "quarkus.datasource.reactive.url",
        server.reactiveUrl(database),
        "quarkus.datasource.jdbc.url",
        server.jdbcUrl(database),
        "quarkus.datasource.username",
        server.username(),
        "quarkus.datasource.password",
        server.password(),
        DATABASE_PROPERTY,
        database);
  }

  @Override
  public void stop() {
    if (server != null && database != null) {
      server.dropDatabase(database);
      database = null;
    }
  }
}
