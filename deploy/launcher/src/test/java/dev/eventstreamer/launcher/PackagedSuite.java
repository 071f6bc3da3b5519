package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged launcher, started as a user starts {@code ./suite up}, in a session of its own
 * (setsid), on the suite's own ports; for the integration tests that run the whole suite.
 */
final class PackagedSuite {

  static final List<Integer> PORTS = List.of(8000, 8081, 8082, 8083, 8084);
  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  static final Path JAR = Path.of("target/launcher.jar").toAbsolutePath();
  static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  static final Path SETSID = Path.of("/usr/bin/setsid");
  static final Duration UP_WITHIN = Duration.ofMinutes(3);

  private PackagedSuite() {}

  /** Fails unless the suite's ports are free (a suite already runs, or a service is up). */
  static void requirePortsFree() {
    for (int port : PORTS) {
      assertTrue(PortClaims.free(port), "port " + port + " must be free for this test");
    }
  }

  /**
   * Starts {@code ./suite up} with {@code options} in a session of its own; returns once it says
   * the suite is up, with what it printed in {@code <runDir>/terminal.txt}.
   */
  static Process up(Path runDir, String... options) throws Exception {
    Path output = terminal(runDir);
    List<String> command =
        new ArrayList<>(
            List.of(
                SETSID.toString(),
                JAVA.toString(),
                "-Dsuite.root=" + ROOT,
                "-jar",
                JAR.toString(),
                "up",
                "--run-dir",
                runDir.toString()));
    command.addAll(List.of(options));
    Process launcher =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    long deadline = System.nanoTime() + UP_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      String said = Files.exists(output) ? Files.readString(output) : "";
      if (said.contains("The suite is up")) {
        return launcher;
      }
      if (!launcher.isAlive()) {
        fail("./suite up ended (exit " + launcher.exitValue() + "):\n" + said);
      }
      Thread.sleep(250);
    }
    launcher.destroyForcibly();
    fail("./suite up was not up within " + UP_WITHIN + ":\n" + Files.readString(output));
    return null;
  }

  /** Where {@link #up} writes what the launcher prints. */
  static Path terminal(Path runDir) {
    return runDir.resolve("terminal.txt");
  }
}
