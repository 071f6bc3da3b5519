package dev.eventstreamer.infra.devchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs helper commands (node, npm) to completion and stops process trees. */
final class Processes {

  private Processes() {}

  /**
   * Runs {@code command} with extra {@code env} and returns its trimmed output, or throws if it
   * cannot start or fails.
   */
  static String capture(List<String> command, Map<String, String> env, Duration timeout)
      throws IOException {
    Path out = Files.createTempFile("devchain-cmd-", ".out");
    try {
      int exit = run(command, null, env, out, timeout);
      String text = Files.readString(out, StandardCharsets.UTF_8).trim();
      if (exit != 0) {
        throw new IOException(String.join(" ", command) + " exited with " + exit + ": " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * Runs {@code command} in {@code dir} with extra {@code env}, appending its output to {@code
   * log}, and returns the exit code.
   */
  static int run(
      List<String> command, Path dir, Map<String, String> env, Path log, Duration timeout)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process.toHandle(), Duration.ofSeconds(10));
        throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      destroyTree(process.toHandle(), Duration.ofSeconds(10));
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
  }

  /** Stops a process and all its descendants, forcibly after {@code grace}, and waits for them. */
  static void destroyTree(ProcessHandle root, Duration grace) {
    // Collect descendants first: once the root is gone they are re-parented and unreachable.
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(0, root);
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : all) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // Nothing more can be done about a process that survives SIGKILL.
      }
    }
  }

  /** The last {@code lines} lines of a log file, or a note when it cannot be read. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
