package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.ServiceJvm;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.postgres.PostgresServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every scenario shares, and how a scenario gets its service: a fresh database on the
 * PostgreSQL that common/infra finds or starts, its Kafka broker, and the module's jar against
 * them.
 */
final class ServiceOptions {

  @Option(names = "--jar", description = "the service's quarkus-run.jar (default: this build's)")
  Path jar;

  @Option(
      names = "--jvm-options",
      split = " ",
      defaultValue = "-Xms512m -Xmx512m " + ServiceJvm.GC_OPTIONS,
      description = "options for the service JVM (default: ${DEFAULT-VALUE})")
  List<String> jvmOptions;

  @Option(names = "--run-dir", defaultValue = "target/loadtest", description = "logs go here")
  Path runDir;

  /** Starts {@code module} (e.g. {@code chain-config-service}); closing it drops its database. */
  ServiceUnderTest start(String module, PrintWriter out) throws Exception {
    return start(module, out, Map.of());
  }

  /** Starts {@code module} with settings of the scenario's ({@code extraEnv}) added. */
  ServiceUnderTest start(String module, PrintWriter out, Map<String, String> extraEnv)
      throws Exception {
    return start(module, out, extraEnv, true);
  }

  /**
   * Starts {@code module}; {@code underTest} says whether it is the service measured ({@code --jar}
   * replaces only that one's jar) or one it needs beside it.
   */
  ServiceUnderTest start(
      String module, PrintWriter out, Map<String, String> extraEnv, boolean underTest)
      throws Exception {
    Path root = LoadTest.repositoryRoot();
    Path serviceJar =
        jar != null && underTest
            ? jar
            : root.resolve(module + "/target/quarkus-app/quarkus-run.jar");
    Path log = root.resolve(runDir).toAbsolutePath().resolve(module + ".log");
    out.println("starting PostgreSQL and Kafka...");
    PostgresServer postgres = PostgresServer.shared();
    String database = postgres.createFreshDatabase("loadtest_" + module.replace('-', '_'));
    Map<String, String> env = new HashMap<>(extraEnv);
    env.putAll(postgres.datasourceEnv(database));
    env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaServer.shared().bootstrapServers());
    out.println("starting " + serviceJar + " (log: " + log + ")");
    try {
      return ServiceUnderTest.start(serviceJar, jvmOptions, env, log, postgres, database);
    } catch (Exception | Error e) {
      postgres.dropDatabase(database);
      throw e;
    }
  }
}
