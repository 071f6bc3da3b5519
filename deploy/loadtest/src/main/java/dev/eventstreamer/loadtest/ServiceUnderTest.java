package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.OrphanWatchdog;
import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.postgres.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service JVM started from its {@code quarkus-run.jar}, its output in a log file. */
final class ServiceUnderTest implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;
  private final PostgresServer postgres;
  private final String database;

  private ServiceUnderTest(
      Process process, int port, Path log, PostgresServer postgres, String database) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.postgres = postgres;
    this.database = database;
  }

  /**
   * Starts the jar with {@code env} added to this environment and an HTTP port of its own, and
   * waits until {@code /q/health/ready} answers 200; {@link #close()} also drops {@code database}.
   */
  static ServiceUnderTest start(
      Path jar,
      List<String> jvmOptions,
      Map<String, String> env,
      Path log,
      PostgresServer postgres,
      String database)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (see deploy/loadtest/README.md)");
    }
    int port = Ports.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(log.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(env);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    Process process = builder.start();
    // A harness killed with kill -9 must not leave a service JVM holding the machine's cores.
    OrphanWatchdog.watch(process.pid(), "TERM", null);
    ServiceUnderTest service = new ServiceUnderTest(process, port, log, postgres, database);
    try {
      service.awaitReady(Duration.ofSeconds(90));
    } catch (RuntimeException | InterruptedException e) {
      service.close();
      throw e;
    }
    return service;
  }

  /** CPU time the service's process has used so far, every thread counted. */
  Duration cpu() {
    return ProcessCpu.tree(process.toHandle());
  }

  int port() {
    return port;
  }

  /** A JDBC connection to the service's database, for setting up data the API would be slow at. */
  Connection connectToDatabase() throws SQLException {
    return postgres.connect(database);
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited; see " + log);
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the service was not ready within " + timeout + "; see " + log);
  }

  /** Sends a JSON body and returns the answer, failing on anything but a 2xx. */
  String send(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    postgres.dropDatabase(database);
  }
}
