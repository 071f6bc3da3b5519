package dev.eventstreamer.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's CPU time from {@code /proc/stat}, to say how much of a run the hypervisor took away
 * (steal): on a virtual machine a vCPU that is not running delays every request in flight on it,
 * direct or proxied, by milliseconds, which no service can win back. A run's tail latencies are
 * only comparable with another's at similar steal.
 */
record HostCpu(long busy, long idle, long steal) {

  private static final Path STAT = Path.of("/proc/stat");
  static final HostCpu NONE = new HostCpu(0, 0, 0);

  /** Now; zeros where the system has no {@code /proc/stat}. */
  static HostCpu now() {
    try {
      List<String> lines = Files.readAllLines(STAT);
      // cpu user nice system idle iowait irq softirq steal ...
      String[] f = lines.get(0).trim().split("\\s+");
      long user = Long.parseLong(f[1]);
      long nice = Long.parseLong(f[2]);
      long system = Long.parseLong(f[3]);
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
      long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
      return new HostCpu(user + nice + system + irq, idle, steal);
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  HostCpu minus(HostCpu earlier) {
    return new HostCpu(busy - earlier.busy, idle - earlier.idle, steal - earlier.steal);
  }

  HostCpu plus(HostCpu other) {
    return new HostCpu(busy + other.busy, idle + other.idle, steal + other.steal);
  }

  /** Busy time as a share of all CPU time, in percent; NaN when unknown. */
  double busyPercent() {
    long total = busy + idle + steal;
    return total == 0 ? Double.NaN : 100.0 * busy / total;
  }

  /** Steal as a share of all CPU time, in percent; NaN when unknown. */
  double stealPercent() {
    long total = busy + idle + steal;
    return total == 0 ? Double.NaN : 100.0 * steal / total;
  }
}
