package dev.eventstreamer.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * What the launcher started, and the one way to stop it: stage by stage in a fixed order (gateway,
 * services, demo traffic, dev chain, broker, database), on Ctrl-C, SIGTERM or a start that failed.
 * Stopping twice is harmless; a start that completes after the stop is undone.
 */
final class Suite {

  /** Stop order: the front door first, the database last. */
  enum Stage {
    GATEWAY,
    SERVICES,
    DEMO_TRAFFIC,
    DEVCHAIN,
    BROKER,
    POSTGRES
  }

  /** Stops one component and says how that went ("stopped", "left running ..."). */
  @FunctionalInterface
  interface Stopper {
    String stop() throws Exception;

    /** Stops a component by closing it. */
    static <T extends AutoCloseable> Function<T, Stopper> closing() {
      return component ->
          () -> {
            component.close();
            return "stopped";
          };
    }
  }

  /** A component that did not come up. The message names it and, where there is one, its log. */
  static final class StartFailure extends Exception {
    StartFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Component(Stage stage, String name, Stopper stopper) {}

  // A start still running when the stop comes is waited for this long, so that what it
  // produces (a child process) can be stopped before the JVM exits.
  private static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(30);

  private final Console console;
  private final List<Component> components = new ArrayList<>();
  private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
  private final CountDownLatch stoppedLatch = new CountDownLatch(1);
  private boolean stopped;

  Suite(Console console) {
    this.console = console;
  }

  synchronized boolean stopping() {
    return stopped;
  }

  /** Starts a quick component under the suite's lock, so a concurrent stop cannot miss it. */
  synchronized <T> T start(
      Stage stage, String name, Callable<T> start, Function<T, Stopper> stopper) throws Exception {
    if (stopped) {
      throw new StartFailure(name + " not started: the suite is stopping", null);
    }
    T started = start.call();
    components.add(new Component(stage, name, stopper.apply(started)));
    return started;
  }

  /**
   * Starts a slow component on its own thread and waits up to the timeout. A start that finishes
   * after the timeout or after a stop undoes itself: its component is stopped at once.
   */
  <T> T startWithin(
      Stage stage, String name, Duration timeout, Callable<T> start, Function<T, Stopper> stopper)
      throws StartFailure, InterruptedException {
    AtomicBoolean abandoned = new AtomicBoolean();
    CompletableFuture<T> future = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              T started;
              try {
                started = start.call();
              } catch (Throwable e) {
                future.completeExceptionally(e);
                return;
              }
              boolean keep;
              synchronized (this) {
                keep = !stopped && !abandoned.get();
                if (keep) {
                  components.add(new Component(stage, name, stopper.apply(started)));
                }
              }
              if (!keep) {
                stopQuietly(name, stopper.apply(started));
              }
              future.complete(keep ? started : null);
            },
            "start-" + name);
    starter.setDaemon(true);
    synchronized (this) {
      if (stopped) {
        throw new StartFailure(name + " not started: the suite is stopping", null);
      }
      inFlight.add(future);
    }
    starter.start();
    try {
      T started = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (started == null) {
        throw new StartFailure(name + " stopped again: the suite is stopping", null);
      }
      return started;
    } catch (TimeoutException e) {
      // Stays in flight: the stop waits a while for it, so that what it starts is undone.
      synchronized (this) {
        abandoned.set(true);
      }
      console.failed(name, "did not start within " + timeout.toSeconds() + " s");
      throw new StartFailure(name + " did not start within " + timeout.toSeconds() + " s", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      console.failed(name, "failed to start: " + describe(cause));
      throw new StartFailure(name + " failed to start: " + describe(cause), cause);
    } finally {
      synchronized (this) {
        if (future.isDone()) {
          inFlight.remove(future);
        }
      }
    }
  }

  /**
   * Stops everything started so far, in stage order; services in parallel. A second caller (the
   * shutdown hook while a failed start is being undone) waits for the first to finish.
   */
  void stop() {
    List<Component> toStop;
    List<CompletableFuture<?>> pending;
    synchronized (this) {
      if (stopped) {
        pending = null;
      } else {
        stopped = true;
        pending = List.copyOf(inFlight);
      }
    }
    if (pending == null) {
      awaitStopUninterruptibly();
      return;
    }
    waitForInFlight(pending);
    synchronized (this) {
      toStop = List.copyOf(components);
      components.clear();
    }
    if (!toStop.isEmpty()) {
      console.println("Stopping the suite...");
    }
    for (Stage stage : Stage.values()) {
      // Within a stage, the reverse of the start order; all of a stage stop at once.
      List<Component> inStage = new ArrayList<>();
      for (int i = toStop.size() - 1; i >= 0; i--) {
        if (toStop.get(i).stage() == stage) {
          inStage.add(toStop.get(i));
        }
      }
      List<Thread> threads = new ArrayList<>();
      for (Component c : inStage) {
        Thread t = new Thread(() -> stopOne(c), "stop-" + c.name());
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    stoppedLatch.countDown();
  }

  private void awaitStopUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        stoppedLatch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until {@link #stop} has run, which is how the launcher waits while the suite runs. */
  void awaitStop() throws InterruptedException {
    stoppedLatch.await();
  }

  private void stopOne(Component c) {
    long t0 = System.nanoTime();
    try {
      String how = c.stopper().stop();
      console.stopped(
          c.name(), how + "  (" + Console.seconds(Duration.ofNanos(System.nanoTime() - t0)) + ")");
    } catch (Exception e) {
      console.failed(c.name(), "did not stop cleanly: " + describe(e));
    }
  }

  private void stopQuietly(String name, Stopper stopper) {
    try {
      stopper.stop();
    } catch (Exception e) {
      console.failed(name, "did not stop cleanly: " + describe(e));
    }
  }

  private static void waitForInFlight(List<CompletableFuture<?>> pending) {
    if (pending.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(IN_FLIGHT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a failed start has nothing to stop; one still running is given up on
    }
  }

  static String describe(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
