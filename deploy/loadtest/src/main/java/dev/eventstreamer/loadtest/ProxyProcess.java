package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.OrphanWatchdog;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A proxy the gateway scenario measures beside the gateway (a control), run as a process of its own
 * that listens on a port: started, awaited, charged for its CPU, stopped.
 */
final class ProxyProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ProxyProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code command}, its output to {@code log}, and waits until {@code port} accepts
   * connections; {@code name} and {@code logs} go into the error should it not.
   */
  static ProxyProcess start(String name, ProcessBuilder command, int port, Path log, String logs)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    Process process =
        command
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    OrphanWatchdog.watch(process.pid(), "TERM", null);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return new ProxyProcess(process, port);
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(name + " did not start (" + logs + ")");
        }
        Thread.sleep(100);
      }
    }
  }

  int port() {
    return port;
  }

  /** CPU time of the process and its children (nginx's workers) so far. */
  Duration cpu() {
    return ProcessCpu.tree(process.toHandle());
  }

  /** kill -9, as a crashed endpoint. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
