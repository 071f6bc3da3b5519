package dev.eventstreamer.loadtest;

import java.time.Duration;

/** CPU time the OS charged to a process and its descendants (nginx's workers, say). */
final class ProcessCpu {

  private ProcessCpu() {}

  static Duration tree(ProcessHandle process) {
    Duration total = own(process);
    for (ProcessHandle child : (Iterable<ProcessHandle>) process.descendants()::iterator) {
      total = total.plus(own(child));
    }
    return total;
  }

  private static Duration own(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }
}
