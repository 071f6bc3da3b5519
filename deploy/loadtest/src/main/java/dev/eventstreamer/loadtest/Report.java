package dev.eventstreamer.loadtest;

import java.io.PrintWriter;
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
}
