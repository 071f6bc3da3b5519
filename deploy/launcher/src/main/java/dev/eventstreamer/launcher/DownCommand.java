package dev.eventstreamer.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./suite down}: stops what runs of the suite started and left running, from the processes
 * recorded in their run directories: a launcher still running first (it stops the rest in order),
 * then whatever is left (SIGTERM, SIGKILL after a grace period).
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stops what earlier runs of ./suite up left running (after the launcher died, say), by"
            + " the processes recorded in their run directories.")
final class DownCommand implements Callable<Integer> {

  static final Duration LAUNCHER_GRACE = Duration.ofSeconds(30);

  @Option(
      names = "--run-dir",
      paramLabel = "<path>",
      description = "Only this run directory (default: every one under target/suite).")
  Path runDir;

  @Option(
      names = "--grace",
      paramLabel = "<seconds>",
      defaultValue = "15",
      description =
          "How long a process may take to stop after SIGTERM before it gets SIGKILL (default:"
              + " ${DEFAULT-VALUE}; a launcher gets 30 s: it stops the rest first).")
  int graceSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> dirs = runDir != null ? List.of(runDir) : runDirectories();
    int stopped = 0;
    int left = 0;
    for (Path dir : dirs) {
      List<RunRecord.Entry> running =
          RunRecord.read(dir).stream().filter(RunRecord.Entry::running).toList();
      // The launcher first: it stops its services, brokers and dev chain in order.
      for (RunRecord.Entry e : running) {
        if (e.name().equals("launcher")) {
          stopped += stop(e, LAUNCHER_GRACE, out) ? 1 : 0;
        }
      }
      for (RunRecord.Entry e : running) {
        if (!e.name().equals("launcher") && e.running()) {
          stopped += stop(e, Duration.ofSeconds(Math.max(0, graceSeconds)), out) ? 1 : 0;
        }
      }
      List<RunRecord.Entry> remaining =
          RunRecord.read(dir).stream().filter(RunRecord.Entry::running).toList();
      left += remaining.size();
      if (remaining.isEmpty()) {
        RunRecord.clear(dir);
      }
    }
    if (stopped == 0 && left == 0) {
      out.println("Nothing of the suite was running.");
    }
    if (left > 0) {
      spec.commandLine().getErr().println(left + " process(es) could not be stopped; see above.");
      return 1;
    }
    return 0;
  }

  private List<Path> runDirectories() throws IOException {
    Path suite = Launcher.repositoryRoot().resolve("target/suite");
    if (!Files.isDirectory(suite)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(suite)) {
      return new ArrayList<>(dirs.filter(Files::isDirectory).sorted().toList());
    }
  }

  /** SIGTERM, then SIGKILL after {@code grace}; whether it is gone. */
  private static boolean stop(RunRecord.Entry e, Duration grace, PrintWriter out) {
    ProcessHandle handle = ProcessHandle.of(e.pid()).orElse(null);
    if (handle == null) {
      return true;
    }
    handle.destroy();
    if (!awaitExit(e, grace)) {
      handle.destroyForcibly();
      if (!awaitExit(e, Duration.ofSeconds(5))) {
        out.println("could not stop " + e.name() + " (pid " + e.pid() + ")");
        return false;
      }
      out.println(
          "killed " + e.name() + " (pid " + e.pid() + ") after " + grace.toSeconds() + " s");
      return true;
    }
    out.println("stopped " + e.name() + " (pid " + e.pid() + ")");
    return true;
  }

  private static boolean awaitExit(RunRecord.Entry e, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!e.running()) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return !e.running();
      }
    }
    return !e.running();
  }
}
