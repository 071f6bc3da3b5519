package dev.eventstreamer.infra;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Stops a process that this JVM started when the JVM is gone without having stopped it. */
public final class OrphanWatchdog {

  private static final System.Logger LOG = System.getLogger(OrphanWatchdog.class.getName());

  // A daemonized or separate-session child (the postmaster, a service JVM) outlives the JVM
  // unless somebody stops it, and the JVM's shutdown hook never runs on kill -9. The watchdog
  // runs in a session of its own, so a kill of the JVM's whole process group (a closed terminal,
  // a supervisor) does not take it along; it ignores SIGINT, so a Ctrl-C in the terminal leaves
  // it to the JVM's orderly stop; it ends by itself as soon as its target is gone.
  private static final String SCRIPT =
      """
      trap '' INT
      jvm=$1 pid=$2 signal=$3 cleanup=$4
      while kill -0 "$jvm" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
      kill -0 "$pid" 2>/dev/null || exit 0
      kill -"$signal" "$pid" 2>/dev/null
      i=0
      while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
      [ -n "$cleanup" ] && rm -rf "$cleanup"
      exit 0
      """;

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private OrphanWatchdog() {}

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  /**
   * Starts a small shell process that, once this JVM has ended while {@code pid} still runs, sends
   * {@code pid} the signal (e.g. {@code INT}, {@code TERM}), kills it if it is still there 15 s
   * later, and deletes {@code cleanup} (null for nothing).
   */
  public static void watch(long pid, String signal, Path cleanup) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add("sh");
    ProcessBuilder builder =
        new ProcessBuilder(
                concat(
                    command,
                    "-c",
                    SCRIPT,
                    "eventstreamer-watchdog",
                    Long.toString(ProcessHandle.current().pid()),
                    Long.toString(pid),
                    signal,
                    cleanup == null ? "" : cleanup.toString()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      builder.start();
    } catch (IOException e) {
      // No sh (Windows): a normal exit still stops the process through the JVM's shutdown path.
      LOG.log(Level.WARNING, "No watchdog for process {0}: {1}", pid, e);
    }
  }
}
