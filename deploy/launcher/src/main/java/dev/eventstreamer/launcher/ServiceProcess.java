package dev.eventstreamer.launcher;

import dev.eventstreamer.infra.OrphanWatchdog;
import dev.eventstreamer.infra.ServiceJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One service running as its own JVM from its {@code quarkus-run.jar}, output to a log file. */
final class ServiceProcess {

  /** How a wait for readiness ended. */
  enum Readiness {
    READY,
    EXITED,
    TIMED_OUT,
    ABORTED
  }

  // Four services share a small machine with the brokers: modest heaps.
  private static final List<String> JVM_OPTIONS =
      Stream.concat(Stream.of("-Xmx256m"), ServiceJvm.gcOptions().stream()).toList();
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at .*|\\.\\.\\. \\d+ more)");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Service service;
  private final Path log;
  private final Process process;
  private volatile boolean stopping;

  private ServiceProcess(Service service, Path log, Process process) {
    this.service = service;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code java -jar <jar>} in the run directory with the given extra environment. */
  static ServiceProcess start(Service service, Path jar, Map<String, String> env, Path runDir)
      throws IOException {
    Path log = runDir.resolve(service.moduleName() + ".log");
    List<String> command = new ArrayList<>();
    // A session of its own, so a Ctrl-C in the terminal reaches only the launcher, which then
    // stops the services in order instead of all of them dying at once.
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            // The run directory, not the module: Quarkus would read a developer's .env there.
            .directory(runDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    // Its own session means it outlives a launcher killed with kill -9; the watchdog stops it.
    OrphanWatchdog.watch(process.pid(), "TERM", null);
    return new ServiceProcess(service, log, process);
  }

  Service service() {
    return service;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  String exitDescription() {
    return process.isAlive() ? "running" : "exit code " + process.exitValue();
  }

  /** Polls {@code /q/health/ready} until it answers 200, the process exits, or time runs out. */
  Readiness awaitReady(Duration timeout, BooleanSupplier aborted) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    while (true) {
      if (aborted.getAsBoolean()) {
        return Readiness.ABORTED;
      }
      if (!process.isAlive()) {
        return Readiness.EXITED;
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Readiness.READY;
        }
      } catch (IOException notYet) {
        // not listening yet, or busy starting
      }
      if (System.nanoTime() > deadline) {
        return Readiness.TIMED_OUT;
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /** Calls the listener once if the process ends without {@link #stop} having been asked. */
  void onUnexpectedExit(Consumer<ServiceProcess> listener) {
    process
        .onExit()
        .thenRun(
            () -> {
              if (!stopping) {
                listener.accept(this);
              }
            });
  }

  /** Asks the JVM to stop (SIGTERM), waits up to 15 s, then kills it and whatever it started. */
  String stop() throws InterruptedException {
    stopping = true;
    if (!process.isAlive()) {
      return "had already exited (" + exitDescription() + ")";
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    boolean graceful = process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
    if (!graceful) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    return graceful ? "stopped" : "killed after " + STOP_GRACE.toSeconds() + " s without stopping";
  }

  /**
   * The last lines of the log without stack frames, for a failure message: what a failed start says
   * is in its "ERROR" and "Caused by" lines, which the frames would push out of view.
   */
  List<String> tail(int lines) {
    if (!Files.exists(log)) {
      return List.of("(no log written)");
    }
    Deque<String> last = new ArrayDeque<>(lines);
    // A reader that replaces malformed bytes: a crashing JVM may write anything.
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
      for (String l = reader.readLine(); l != null; l = reader.readLine()) {
        if (STACK_FRAME.matcher(l).matches()) {
          continue;
        }
        if (last.size() == lines) {
          last.removeFirst();
        }
        last.addLast(l);
      }
    } catch (IOException e) {
      return List.of("(cannot read the log: " + e.getMessage() + ")");
    }
    return List.copyOf(last);
  }
}
