package dev.eventstreamer.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes a run started, one line each in its run directory ({@value #FILE}: pid, name, and a
 * marker that its command line contains), so that {@code ./suite down} can stop what a launcher
 * that died left behind, and only that: a pid the system gave to another program since does not
 * carry the marker.
 */
final class RunRecord {

  static final String FILE = "processes";

  /** One recorded process. */
  record Entry(long pid, String name, String marker) {

    /** Whether the process still runs and is the one recorded. */
    boolean running() {
      return commandLine(pid).map(c -> c.contains(marker)).orElse(false);
    }
  }

  private final Path file;

  RunRecord(Path runDir) {
    this.file = runDir.resolve(FILE);
  }

  /** Records a process (appended at once: the launcher may die any moment after). */
  synchronized void add(long pid, String name, String marker) {
    try {
      Files.writeString(
          file,
          pid + "\t" + name + "\t" + marker + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record " + name + " in " + file, e);
    }
  }

  /** The processes recorded in {@code runDir}; none when it has no record. */
  static List<Entry> read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    List<Entry> entries = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return entries;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t", 3);
      if (parts.length == 3) {
        try {
          entries.add(new Entry(Long.parseLong(parts[0]), parts[1], parts[2]));
        } catch (NumberFormatException e) {
          // a torn line from a launcher killed while writing it
        }
      }
    }
    return entries;
  }

  /** Forgets the record of {@code runDir}. */
  static void clear(Path runDir) throws IOException {
    Files.deleteIfExists(runDir.resolve(FILE));
  }

  /** The command line of a running process, arguments joined by spaces. */
  static Optional<String> commandLine(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) {
      return Optional.empty();
    }
    // /proc has the whole command line; ProcessHandle's may be cut short.
    Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
    try {
      byte[] raw = Files.readAllBytes(proc);
      return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
    } catch (IOException notLinux) {
      return handle.get().info().commandLine();
    }
  }
}
