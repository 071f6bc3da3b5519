package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.OrphanWatchdog;
import dev.eventstreamer.infra.QuietLogging;
import dev.eventstreamer.infra.TempDirs;
import dev.eventstreamer.infra.postgres.PostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An embedded PostgreSQL of the harness's own (zonky binaries) on a fixed port and data folder, so
 * that it can be stopped and started again where the services expect it, with their data: the
 * machine's shared server is never touched.
 */
final class RestartablePostgres implements AutoCloseable {

  private final int port;
  private final Path dataDir;
  private EmbeddedPostgres server;

  private RestartablePostgres(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  /** Starts a new server on {@code port} with a fresh cluster in {@code dataDir}. */
  static RestartablePostgres start(int port, Path dataDir) throws IOException {
    QuietLogging.warnOnly("io.zonky.test.db.postgres");
    TempDirs.deleteQuietly(dataDir);
    RestartablePostgres postgres = new RestartablePostgres(port, dataDir);
    postgres.launch();
    return postgres;
  }

  /** The server as common/infra addresses it: databases, JDBC, the services' settings. */
  PostgresServer server() {
    return PostgresServer.at("127.0.0.1", port, "postgres", "postgres");
  }

  int port() {
    return port;
  }

  boolean running() {
    return server != null;
  }

  /** Stops the server (a fast shutdown: sessions are ended, data is kept). */
  synchronized void stop() throws IOException {
    if (server != null) {
      EmbeddedPostgres running = server;
      server = null;
      running.close();
    }
  }

  /** Starts the server again on the same port and data. */
  synchronized void start() throws IOException {
    if (server == null) {
      launch();
    }
  }

  private void launch() throws IOException {
    server =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            // Kept on stop (a clean one would be deleted by close() and made anew by the next
            // start).
            .setCleanDataDirectory(false)
            // Throw-away data; the campaign stops the server cleanly, so nothing is lost by it.
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("max_connections", "300")
            .setPGStartupWait(Duration.ofSeconds(60))
            .setRegisterShutdownHook(false)
            .start();
    // A harness killed with kill -9 must not leave its server running.
    try (var lines = Files.lines(dataDir.resolve("postmaster.pid"))) {
      OrphanWatchdog.watch(Long.parseLong(lines.findFirst().orElse("0").trim()), "INT", null);
    } catch (IOException | NumberFormatException ignored) {
      // no watchdog; close() still stops it
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
