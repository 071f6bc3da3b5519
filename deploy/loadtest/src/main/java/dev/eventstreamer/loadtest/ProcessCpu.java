package dev.eventstreamer.loadtest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time the OS charged to a process and its descendants (nginx's workers, say). */
final class ProcessCpu {

  // Linux's clock ticks per second (getconf CLK_TCK), the unit of /proc's CPU times.
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  static Duration tree(ProcessHandle process) {
    Duration total = own(process);
    for (ProcessHandle child : (Iterable<ProcessHandle>) process.descendants()::iterator) {
      total = total.plus(own(child));
    }
    return total;
  }

  /**
   * CPU time of a JVM's JIT compiler threads (HotSpot's "C1 CompilerThread" and "C2
   * CompilerThread"), from {@code /proc/<pid>/task}; zero where there is no {@code /proc}. A
   * service still compiling its hot code spends its CPU there, not on the calls measured.
   */
  static Duration jit(ProcessHandle process) {
    long ticks = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()), "task"))) {
      for (Path task : tasks) {
        ticks += compilerTicks(task.resolve("stat"));
      }
    } catch (IOException | RuntimeException e) {
      // no /proc, or the process ended
    }
    return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
  }

  private static long compilerTicks(Path stat) {
    try {
      // pid (comm) state ppid ...: comm may hold spaces; utime and stime are fields 14 and 15.
      String line = Files.readString(stat);
      int open = line.indexOf('(');
      int close = line.lastIndexOf(')');
      String comm = line.substring(open + 1, close);
      if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
        return 0;
      }
      String[] f = line.substring(close + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      // the thread ended
      return 0;
    }
  }

  private static Duration own(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }
}
