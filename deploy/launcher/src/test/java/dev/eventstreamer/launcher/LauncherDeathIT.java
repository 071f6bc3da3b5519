package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher, run as a user runs it, in a session of its own: killed with its whole
 * process group (what a closed terminal or a supervisor can do), nothing of the suite stays up; and
 * {@code ./suite down} stops a running suite. Uses the suite's own ports (8000, 8081-8084).
 */
class LauncherDeathIT {

  static final List<Integer> PORTS = List.of(8000, 8081, 8082, 8083, 8084);
  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  static final Path JAR = Path.of("target/launcher.jar").toAbsolutePath();
  static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  static final Path SETSID = Path.of("/usr/bin/setsid");
  static final Duration UP_WITHIN = Duration.ofMinutes(3);

  @BeforeEach
  void portsAreFree() {
    Assumptions.assumeTrue(Files.isExecutable(SETSID), "needs setsid (util-linux)");
    for (int port : PORTS) {
      assertTrue(PortClaims.free(port), "port " + port + " must be free for this test");
    }
  }

  @Test
  void killingTheLaunchersWholeProcessGroupLeavesNothingOfTheSuiteRunning(@TempDir Path runDir)
      throws Exception {
    Process launcher = up(runDir);
    List<RunRecord.Entry> recorded = RunRecord.read(runDir);
    assertEquals(5, recorded.size(), "the launcher and four services recorded: " + recorded);

    // The launcher leads its own session and group (setsid): kill -KILL -<pgid> takes all of it.
    Process kill =
        new ProcessBuilder("kill", "-KILL", "--", "-" + launcher.pid()).inheritIO().start();
    assertEquals(0, kill.waitFor());
    assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));

    awaitNothingLeft(recorded, Duration.ofSeconds(25));
  }

  @Test
  void downStopsARunningSuite(@TempDir Path runDir) throws Exception {
    Process launcher = up(runDir);
    List<RunRecord.Entry> recorded = RunRecord.read(runDir);

    Process down =
        new ProcessBuilder(
                JAVA.toString(),
                "-Dsuite.root=" + ROOT,
                "-jar",
                JAR.toString(),
                "down",
                "--run-dir",
                runDir.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(down.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(down.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, down.exitValue(), said);
    assertTrue(said.contains("stopped launcher (pid " + launcher.pid() + ")"), said);
    assertTrue(launcher.waitFor(5, TimeUnit.SECONDS), "the launcher ended");

    awaitNothingLeft(recorded, Duration.ofSeconds(5));
  }

  /** Starts {@code ./suite up} as a user would, in a session of its own; waits until it is up. */
  private static Process up(Path runDir) throws Exception {
    Path output = runDir.resolve("terminal.txt");
    Process launcher =
        new ProcessBuilder(
                SETSID.toString(),
                JAVA.toString(),
                "-Dsuite.root=" + ROOT,
                "-jar",
                JAR.toString(),
                "up",
                "--run-dir",
                runDir.toString())
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

  private static void awaitNothingLeft(List<RunRecord.Entry> recorded, Duration within)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<String> left = leftovers(recorded);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      left = leftovers(recorded);
    }
    assertEquals(List.of(), left, "still up after " + within.toSeconds() + " s");
  }

  private static List<String> leftovers(List<RunRecord.Entry> recorded) {
    List<String> left = new ArrayList<>();
    for (RunRecord.Entry e : recorded) {
      if (e.running()) {
        left.add(e.name() + " (pid " + e.pid() + ")");
      }
    }
    for (int port : PORTS) {
      if (!PortClaims.free(port)) {
        left.add("port " + port);
      }
    }
    return left;
  }
}
