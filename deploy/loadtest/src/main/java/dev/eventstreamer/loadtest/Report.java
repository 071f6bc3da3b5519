package dev.eventstreamer.loadtest;

import java.io.PrintWriter;
import java.util.List;
import org.HdrHistogram.Histogram;

/** The latency table every scenario prints: one row per target, milliseconds. */
final class Report {

  private Report() {}

  static void header(PrintWriter out) {
    out.printf(
        "%-10s %9s %9s %17s %17s %17s %9s%n",
        "target", "calls", "failed", "p50", "p99", "p99.9", "max");
  }

  /** Each percentile as "from schedule|from send". */
  static void row(PrintWriter out, String name, OpenLoop.Result result) {
    out.printf(
        "%-10s %9d %9d %8.3f|%8.3f %8.3f|%8.3f %8.3f|%8.3f %9.3f%n",
        name,
        result.sent(),
        result.failed() + result.unanswered(),
        millis(result.fromSchedule(), 50),
        millis(result.fromSend(), 50),
        millis(result.fromSchedule(), 99),
        millis(result.fromSend(), 99),
        millis(result.fromSchedule(), 99.9),
        millis(result.fromSend(), 99.9),
        result.fromSchedule().getMaxValue() / 1000.0);
  }

  static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * The middle of {@code values} (the mean of the two middle ones for an even count). A host's
   * noise comes in bursts (steal, a neighbour's work) that spoil whichever slice they fall in; the
   * median over interleaved slices is what the proxy adds when no burst lands on it.
   */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
