package dev.eventstreamer.loadtest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@link OpenLoop}'s schedule for blocking JDBC work, the baseline a service's figures are judged
 * against: calls leave on the same fixed schedule (issued by a 1 ms tick, as there), each on one of
 * a fixed set of connections, and latency is recorded the same two ways. A call that waits for a
 * free connection waits in the latency from schedule, as a request waiting for the service would.
 */
final class JdbcOpenLoop implements AutoCloseable {

  /** The {@code index}-th call of a run; true when it did what it should. */
  @FunctionalInterface
  interface Call {
    boolean run(Connection db, long index) throws SQLException;
  }

  /** Opens one connection. */
  @FunctionalInterface
  interface Connector {
    Connection open() throws SQLException;
  }

  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final List<Connection> all = new ArrayList<>();
  private final BlockingQueue<Connection> free;
  private final ExecutorService workers;
  // The first failure of the loop's life, to print: a baseline that fails is no baseline.
  private volatile String firstFailure;

  /** A loop over {@code connections} connections, each used by one call at a time. */
  JdbcOpenLoop(Connector connector, int connections) throws SQLException {
    free = new ArrayBlockingQueue<>(connections);
    for (int i = 0; i < connections; i++) {
      Connection c = connector.open();
      all.add(c);
      free.add(c);
    }
    workers = Executors.newFixedThreadPool(connections);
  }

  /** Runs {@code call} {@code rate} times a second for {@code duration}; waits for the answers. */
  OpenLoop.Result run(Call call, int rate, Duration duration) throws InterruptedException {
    long total = Math.max(1, Math.round(rate * (duration.toNanos() / 1e9)));
    double intervalNanos = 1e9 / rate;
    Histogram fromSchedule = OpenLoop.histogram();
    Histogram fromSend = OpenLoop.histogram();
    long[] outcome = new long[3]; // succeeded, failed, time of the last answer
    long start = System.nanoTime();
    long issued = 0;
    while (issued < total) {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / intervalNanos) + 1);
      while (issued < due) {
        long index = issued++;
        long scheduled = start + (long) (index * intervalNanos);
        workers.execute(
            () -> {
              long sentAt = System.nanoTime();
              boolean ok = false;
              Connection db = free.poll();
              try {
                ok = call.run(db, index);
              } catch (SQLException | RuntimeException e) {
                if (firstFailure == null) {
                  firstFailure = e.toString();
                }
                rollBack(db);
              } finally {
                free.add(db);
              }
              long now = System.nanoTime();
              synchronized (outcome) {
                if (ok) {
                  outcome[0]++;
                  fromSchedule.recordValue(Math.max(1, (now - scheduled) / 1000));
                  fromSend.recordValue(Math.max(1, (now - sentAt) / 1000));
                } else {
                  outcome[1]++;
                }
                outcome[2] = now;
                outcome.notifyAll();
              }
            });
      }
      // The same tick as OpenLoop's timer, so both carry the same schedule granularity.
      Thread.sleep(1);
    }
    long deadline = System.nanoTime() + duration.plus(DRAIN).toNanos();
    synchronized (outcome) {
      while (outcome[0] + outcome[1] < total && System.nanoTime() < deadline) {
        outcome.wait(100);
      }
      long end = outcome[2] == 0 ? System.nanoTime() : outcome[2];
      return new OpenLoop.Result(
          fromSchedule.copy(),
          fromSend.copy(),
          issued,
          outcome[0],
          outcome[1],
          issued - outcome[0] - outcome[1],
          Duration.ofNanos(end - start));
    }
  }

  /** The first call that failed (its exception), or null. */
  String firstFailure() {
    return firstFailure;
  }

  private static void rollBack(Connection db) {
    try {
      if (!db.getAutoCommit()) {
        db.rollback();
      }
    } catch (SQLException e) {
      // the connection is broken: the next call on it fails and is counted
    }
  }

  @Override
  public void close() throws InterruptedException {
    workers.shutdownNow();
    workers.awaitTermination(10, TimeUnit.SECONDS);
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
  }
}
