package dev.eventstreamer.stream.testing;

import dev.eventstreamer.infra.ServiceJvm;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged stream-service as the integration tests run it: a JVM of its own on a database of
 * the shared PostgreSQL, with the shared broker and the tests' gateway, and what it stored read
 * back with plain JDBC.
 */
public final class StreamServiceJar {

  private StreamServiceJar() {}

  /**
   * Starts the jar on {@code database}, logging to {@code target/stream-service-<logName>.log}. No
   * rebuild from the listings at start, leases of 3 s (a killed replica's work is taken over soon);
   * {@code extraEnv} adds or overrides settings, {@code systemProperties} ({@code -D...}) what an
   * environment variable cannot name.
   */
  public static ServiceApp start(
      String database, String logName, Map<String, String> extraEnv, String... systemProperties) {
    Map<String, String> env = new HashMap<>();
    env.putAll(PostgresServer.shared().datasourceEnv(database));
    env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaServer.shared().bootstrapServers());
    env.put("STREAM_CHAIN_CONFIG_URL", ChainConfigGateway.url());
    env.put("STREAM_REBUILD_AT_START", "false");
    env.put("STREAM_INGEST_LEASE_PERIOD", "3s");
    env.putAll(extraEnv);
    List<String> jvm =
        Stream.of(
                Stream.of("-Xmx256m"), ServiceJvm.gcOptions().stream(), Stream.of(systemProperties))
            .flatMap(s -> s)
            .toList();
    return ServiceApp.start(
        ServiceApp.jarOf("stream-service"),
        jvm,
        env,
        Path.of("target", "stream-service-" + logName + ".log"));
  }

  /**
   * The one number {@code sql} (with one {@code ?} for {@code id}) selects from {@code database};
   * -1 when it selects nothing or the service has not created its tables yet.
   */
  public static long single(String database, String sql, long id) throws SQLException {
    try (Connection c = PostgresServer.shared().connect(database);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return -1;
      }
      throw e;
    }
  }
}
