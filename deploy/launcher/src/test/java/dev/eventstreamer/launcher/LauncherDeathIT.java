package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  static final List<Integer> PORTS = PackagedSuite.PORTS;
  static final Path ROOT = PackagedSuite.ROOT;
  static final Path JAR = PackagedSuite.JAR;
  static final Path JAVA = PackagedSuite.JAVA;

  @BeforeEach
  void portsAreFree() {
    Assumptions.assumeTrue(Files.isExecutable(PackagedSuite.SETSID), "needs setsid (util-linux)");
    PackagedSuite.requirePortsFree();
  }

  @Test
  void killingTheLaunchersWholeProcessGroupLeavesNothingOfTheSuiteRunning(@TempDir Path runDir)
      throws Exception {
    Process launcher = PackagedSuite.up(runDir);
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
    Process launcher = PackagedSuite.up(runDir);
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
