package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./suite down} on a run directory's record: what still runs and is what was recorded is
 * stopped (SIGKILL after the grace period for what ignores SIGTERM); a pid whose command line does
 * not carry the record's marker (the system gave it to another program) is left alone.
 */
class DownCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new Launcher())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void stopsWhatARunLeftAndNothingElse(@TempDir Path runDir) throws Exception {
    Process left = new ProcessBuilder("sleep", "617").start();
    // A leftover that ignores SIGTERM, as a stuck JVM could.
    Process stubborn =
        new ProcessBuilder("sh", "-c", "trap '' TERM; while :; do sleep 1; done # 619").start();
    try {
      RunRecord record = new RunRecord(runDir);
      record.add(left.pid(), "stream-service", "617");
      record.add(stubborn.pid(), "chain-config-service", "619");
      // This test's own JVM under a marker it does not carry: a reused pid.
      record.add(
          ProcessHandle.current().pid(), "subscription-service", "quarkus-run.jar-of-before");
      record.add(999_999_999L, "rule-engine-service", "gone");

      int code = run("down", "--run-dir", runDir.toString(), "--grace", "1");

      assertEquals(0, code, err.toString());
      assertTrue(left.waitFor(1, TimeUnit.SECONDS), "the leftover is stopped");
      assertTrue(stubborn.waitFor(1, TimeUnit.SECONDS), "the stubborn one is killed");
      assertTrue(
          out.toString().contains("stopped stream-service (pid " + left.pid() + ")"),
          out.toString());
      assertTrue(
          out.toString().contains("killed chain-config-service (pid " + stubborn.pid() + ")"),
          out.toString());
      assertFalse(out.toString().contains("subscription-service"), out.toString());
      assertFalse(Files.exists(runDir.resolve(RunRecord.FILE)), "nothing left: the record goes");

      out.getBuffer().setLength(0);
      assertEquals(0, run("down", "--run-dir", runDir.toString()));
      assertTrue(out.toString().contains("Nothing of the suite was running."), out.toString());
    } finally {
      left.destroyForcibly();
      stubborn.destroyForcibly();
    }
  }
}
