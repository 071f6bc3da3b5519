package dev.eventstreamer.loadtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went, from a JDK Flight Recorder file's execution samples: by thread, by the
 * library running, by the suite's own methods on the stack, and the hottest methods.
 */
final class Profile {

  private static final int TOP = 15;

  private Profile() {}

  /** Prints the summary of {@code recording}; {@code own} is the suite's package prefix. */
  static void print(PrintWriter out, Path recording, String own) throws IOException {
    Map<String, Integer> threads = new HashMap<>();
    // CPU load per thread, sampled by JFR for every thread: the JIT's compiler threads too.
    Map<String, Double> load = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    Map<String, Integer> ownOnStack = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (e.getEventType().getName().equals("jdk.ThreadCPULoad")) {
        load.merge(
            poolOf(e.getThread("eventThread")),
            e.getDouble("user") + e.getDouble("system"),
            Double::sum);
        continue;
      }
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      threads.merge(poolOf(e.getThread("sampledThread")), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      RecordedMethod top = frames.get(0).getMethod();
      self.merge(nameOf(top), 1, Integer::sum);
      // The JDK's own code runs for whoever called it: charged to the first caller outside it.
      String library = "the JDK";
      for (RecordedFrame f : frames) {
        String type = f.getMethod().getType().getName();
        if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
          library = packageOf(f.getMethod());
          break;
        }
      }
      packages.merge(library, 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String method = nameOf(f.getMethod());
        // Lambdas repeat the method that made them, under a generated name.
        if (method.startsWith(own) && !method.contains("$$Lambda") && seen.add(method)) {
          ownOnStack.merge(method, 1, Integer::sum);
        }
      }
    }
    out.printf("where the service's CPU went (%s):%n", recording);
    double all = load.values().stream().mapToDouble(Double::doubleValue).sum();
    out.println("  CPU by thread (JFR's thread CPU load; the JIT's compilers included, GC not):");
    load.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(TOP)
        .forEach(
            c ->
                out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100 * c.getValue() / all, c.getKey()));
    out.printf("  %,d execution samples of threads running Java code:%n", samples);
    table(out, "by thread", threads, samples);
    table(out, "by library running (the JDK's code charged to its caller)", packages, samples);
    table(out, "the suite's methods on the stack (inclusive)", ownOnStack, samples);
    table(out, "hottest methods (self)", self, samples);
  }

  private static void table(PrintWriter out, String title, Map<String, Integer> counts, int all) {
    out.println("  " + title + ":");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(TOP)
        .forEach(
            c ->
                out.printf(
                    Locale.ROOT,
                    "    %5.1f%%  %s%n",
                    100.0 * c.getValue() / Math.max(1, all),
                    c.getKey()));
  }

  // Pool threads differ only by their number: one line per pool.
  private static String poolOf(RecordedThread thread) {
    if (thread == null) {
      return "?";
    }
    String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
    return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "");
  }

  private static String nameOf(RecordedMethod method) {
    return method.getType().getName() + "." + method.getName();
  }

  // The first three segments of the class's package: io.vertx.pgclient, org.hibernate.reactive.
  private static String packageOf(RecordedMethod method) {
    String[] parts = method.getType().getName().split("\\.");
    int n = Math.min(3, parts.length - 1);
    return n <= 0 ? "(default)" : String.join(".", List.of(parts).subList(0, n));
  }
}
