package dev.eventstreamer.infra.service;

import dev.eventstreamer.infra.OrphanWatchdog;
import dev.eventstreamer.infra.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service running as its own JVM from its {@code quarkus-run.jar} on a port of its own, output to
 * a log file: for tests that need another service for real (stream-service's tests run
 * chain-config-service's gateway) or must kill one (-9) and start it again, and for the load
 * harness.
 */
public final class ServiceApp implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;

  private ServiceApp(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The {@code quarkus-run.jar} of a module of this repository, found from the working directory or
   * any folder above it (tests run in their module's folder).
   *
   * @throws IllegalStateException when it was not built
   */
  public static Path jarOf(String module) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path jar = dir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        module
            + "/target/quarkus-app/quarkus-run.jar is missing: build the module first"
            + " (./mvnw -pl "
            + module
            + " -am package -DskipTests)");
  }

  /** Starts {@code jar} on a free port and waits up to 90 s until it is ready. */
  public static ServiceApp start(
      Path jar, List<String> jvmOptions, Map<String, String> env, Path log) {
    return start(jar, jvmOptions, env, log, Ports.freePort());
  }

  /**
   * Starts {@code jar} on {@code port} with {@code env} added to this environment and waits up to
   * 90 s until {@code /q/health/ready} answers 200.
   */
  public static ServiceApp start(
      Path jar, List<String> jvmOptions, Map<String, String> env, Path log, int port) {
    return start(jar, jvmOptions, env, log, port, Duration.ofSeconds(90));
  }

  /**
   * Starts {@code jar} on {@code port} with {@code env} added to this environment and waits up to
   * {@code readyTimeout} until {@code /q/health/ready} answers 200 (several JVMs starting at once
   * on a busy machine take longer than one).
   */
  public static ServiceApp start(
      Path jar,
      List<String> jvmOptions,
      Map<String, String> env,
      Path log,
      int port,
      Duration readyTimeout) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              // The log's folder, not the module: Quarkus would read a developer's .env there.
              .directory(log.toAbsolutePath().getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
    // A test JVM or harness killed with kill -9 must not leave the service running.
    OrphanWatchdog.watch(process.pid(), "TERM", null);
    ServiceApp app = new ServiceApp(process, port, log);
    try {
      app.awaitReady(readyTimeout);
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
    return app;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + Ports.LOOPBACK + ":" + port;
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The process, e.g. to measure its CPU time. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Waits until {@code /q/health/ready} answers 200. */
  public void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
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
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + log, e);
      }
      sleep(250);
    }
    throw new IllegalStateException("the service was not ready within " + timeout + "; see " + log);
  }

  /** Kills the JVM at once (SIGKILL), as a crash or an OOM killer would. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the JVM to stop (SIGTERM), then kills it after 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
