package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.OrphanWatchdog;
import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.kafka.KafkaServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker (common/infra's single-node KRaft broker) in a JVM of its own, so it can be killed
 * with kill -9 and started again on the same ports and data, as a crashed broker is.
 */
final class KafkaBroker implements AutoCloseable {

  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final Path log;
  private Process process;

  private KafkaBroker(int port, int controllerPort, Path dataDir, Path log) {
    this.port = port;
    this.controllerPort = controllerPort;
    this.dataDir = dataDir;
    this.log = log;
  }

  /** {@code KafkaBroker <port> <controller port> <data dir>}: serves until killed. */
  public static void main(String[] args) throws Exception {
    KafkaServer.startKeepingData(
        Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
    System.out.println("broker ready");
    Thread.currentThread().join();
  }

  /** Starts a broker with fresh data on free ports; its output goes to {@code log}. */
  static KafkaBroker start(Path dataDir, Path log) throws IOException, InterruptedException {
    int port = Ports.freePort();
    int controllerPort = Ports.freePort();
    while (controllerPort == port) {
      controllerPort = Ports.freePort();
    }
    KafkaBroker broker = new KafkaBroker(port, controllerPort, dataDir, log);
    broker.start();
    return broker;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Starts the broker (again) and waits until it says it is ready. */
  synchronized void start() throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    long mark = Files.exists(log) ? Files.size(log) : 0;
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-cp",
            System.getProperty("java.class.path"),
            KafkaBroker.class.getName(),
            Integer.toString(port),
            Integer.toString(controllerPort),
            dataDir.toString());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    OrphanWatchdog.watch(process.pid(), "TERM", null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited; see " + log);
      }
      String text = Files.readString(log);
      if (text.length() > mark && text.substring((int) mark).contains("broker ready")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the Kafka broker was not ready in 120 s; see " + log);
      }
      Thread.sleep(200);
    }
  }

  /** kill -9. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
