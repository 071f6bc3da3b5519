package dev.eventstreamer.infra.postgres;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

/** Stops an embedded PostgreSQL whose JVM is gone without having stopped it. */
final class OrphanWatchdog {

  private static final System.Logger LOG = System.getLogger(OrphanWatchdog.class.getName());

  // pg_ctl daemonizes the postmaster, so it outlives the JVM unless somebody stops it, and the
  // JVM's shutdown hook never runs on kill -9. The postmaster's pid is the first line of
  // postmaster.pid, read now while the server surely runs; SIGINT is a fast shutdown.
  private static final String SCRIPT =
      """
      jvm=$1 data=$2 root=$3
      pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null) || exit 0
      while kill -0 "$jvm" 2>/dev/null; do sleep 1; done
      kill -INT "$pid" 2>/dev/null || exit 0
      i=0
      while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
      rm -rf "$root"
      """;

  private OrphanWatchdog() {}

  /**
   * Starts a small shell process that waits for this JVM to end, then stops the server whose data
   * directory is {@code dataDir} (if it still runs) and deletes {@code root}.
   */
  static void watch(Path dataDir, Path root) {
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                "-c",
                SCRIPT,
                "eventstreamer-postgres-watchdog",
                Long.toString(ProcessHandle.current().pid()),
                dataDir.toString(),
                root.toString())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      builder.start();
    } catch (IOException e) {
      // No sh (Windows): the shutdown hook still stops the server on a normal exit.
      LOG.log(Level.WARNING, "No watchdog for the embedded PostgreSQL in {0}: {1}", dataDir, e);
    }
  }
}
