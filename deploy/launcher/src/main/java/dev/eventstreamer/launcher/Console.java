package dev.eventstreamer.launcher;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** The launcher's progress lines: one per component event, name in a fixed column. */
final class Console {

  private static final int NAME_WIDTH = 22;

  private final PrintWriter out;
  private final PrintWriter err;

  Console(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  synchronized void starting(String component, String detail) {
    line(out, "…", component, detail.isEmpty() ? "starting" : "starting  " + detail);
  }

  synchronized void ready(String component, String detail, Duration took) {
    line(out, "✔", component, detail + "  (" + seconds(took) + ")");
  }

  synchronized void info(String component, String detail) {
    line(out, "·", component, detail);
  }

  synchronized void stopped(String component, String detail) {
    line(out, "■", component, detail);
  }

  synchronized void failed(String component, String detail) {
    line(err, "✘", component, detail);
  }

  /** Lines of a log shown under a failure, indented so they stand apart from ours. */
  synchronized void excerpt(String heading, List<String> lines) {
    err.println("  " + heading);
    for (String l : lines) {
      err.println("  | " + l);
    }
    err.flush();
  }

  synchronized void println(String text) {
    out.println(text);
    out.flush();
  }

  synchronized void error(String text) {
    err.println(text);
    err.flush();
  }

  static String seconds(Duration d) {
    return String.format("%.1fs", d.toMillis() / 1000.0);
  }

  private static void line(PrintWriter w, String mark, String component, String detail) {
    w.println(mark + " " + pad(component) + " " + detail);
    w.flush();
  }

  private static String pad(String s) {
    return s.length() >= NAME_WIDTH ? s : s + " ".repeat(NAME_WIDTH - s.length());
  }
}
