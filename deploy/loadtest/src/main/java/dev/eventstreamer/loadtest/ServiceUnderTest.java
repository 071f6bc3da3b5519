package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service under load: its JVM ({@link ServiceApp}) and its own database. */
final class ServiceUnderTest implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ServiceApp app;
  private final PostgresServer postgres;
  private final String database;

  private ServiceUnderTest(ServiceApp app, PostgresServer postgres, String database) {
    this.app = app;
    this.postgres = postgres;
    this.database = database;
  }

  /**
   * Starts the jar with {@code env} added to this environment and an HTTP port of its own, and
   * waits until it is ready; {@link #close()} also drops {@code database}.
   */
  static ServiceUnderTest start(
      Path jar,
      List<String> jvmOptions,
      Map<String, String> env,
      Path log,
      PostgresServer postgres,
      String database) {
    return new ServiceUnderTest(ServiceApp.start(jar, jvmOptions, env, log), postgres, database);
  }

  /** CPU time the service's process has used so far, every thread counted. */
  Duration cpu() {
    return ProcessCpu.tree(app.handle());
  }

  /** CPU time the service's JIT compilers have used so far (HotSpot's compiler threads). */
  Duration jitCpu() {
    return ProcessCpu.jit(app.handle());
  }

  /**
   * Bytes of the heap's live objects: {@code jcmd GC.class_histogram} makes a full collection
   * first, so what it counts is what the service holds, not garbage waiting to be collected.
   */
  long liveHeapBytes() throws IOException, InterruptedException {
    String out = jcmd("GC.class_histogram");
    // The last line: "Total <instances> <bytes>".
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[0].equals("Total")) {
        return Long.parseLong(f[2]);
      }
    }
    throw new IllegalStateException("jcmd GC.class_histogram gave no total: " + out);
  }

  /** Runs a {@code jcmd} command on the service's JVM; its output, failing on an error exit. */
  String jcmd(String... command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> line = new ArrayList<>();
    line.add(jcmd.toString());
    line.add(Long.toString(app.handle().pid()));
    line.addAll(List.of(command));
    Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  int port() {
    return app.port();
  }

  String url() {
    return app.url();
  }

  /** A JDBC connection to the service's database, for setting up data the API would be slow at. */
  Connection connectToDatabase() throws SQLException {
    return postgres.connect(database);
  }

  /** Sends a JSON body and returns the answer, failing on anything but a 2xx. */
  String send(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(app.url() + path))
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
  public void close() {
    app.close();
    postgres.dropDatabase(database);
  }
}
