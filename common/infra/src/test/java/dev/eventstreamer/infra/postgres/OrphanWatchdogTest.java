package dev.eventstreamer.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrphanWatchdogTest {

  @Test
  void embeddedServerStopsWhenItsJvmIsKilled() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process jvm =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedPostgresMain.class.getName())
            .redirectErrorStream(true)
            .start();
    int port;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("port="));
      assertTrue(line != null, "the child JVM printed no port");
      port = Integer.parseInt(line.substring("port=".length()));
      assertTrue(Ports.isListening(Ports.LOOPBACK, port, 1000), "embedded server is up");

      // SIGKILL: no shutdown hook runs.
      jvm.destroyForcibly();
      assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Ports.isListening(Ports.LOOPBACK, port, 200) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertFalse(
        Ports.isListening(Ports.LOOPBACK, port, 200),
        "the embedded PostgreSQL on port " + port + " outlived its killed JVM");
  }
}
