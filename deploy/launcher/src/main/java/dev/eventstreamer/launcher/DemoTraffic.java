package dev.eventstreamer.launcher;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's token traffic: about three Transfers a second around a ring of dev accounts, each
 * sending to the next, so balances only circulate. A failed transfer goes to the traffic log and
 * the next one is tried; nothing here stops the suite.
 */
final class DemoTraffic {

  /** Sends {@code amount} tokens from one account to another; returns the transaction hash. */
  @FunctionalInterface
  interface Transfer {
    String send(String from, String to, BigInteger amount);
  }

  private static final long PERIOD_MILLIS = 333;
  private static final long PROGRESS_EVERY = 100;

  /** The token has 18 decimals. */
  static final BigInteger ONE_TOKEN = BigInteger.TEN.pow(18);

  private final Transfer transfer;
  private final List<String> accounts;
  private final Path log;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-traffic");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param accounts the ring, at least two accounts that all hold tokens
   */
  DemoTraffic(Transfer transfer, List<String> accounts, Path log) {
    if (accounts.size() < 2) {
      throw new IllegalArgumentException("the demo traffic needs two accounts, not " + accounts);
    }
    this.transfer = transfer;
    this.accounts = List.copyOf(accounts);
    this.log = log;
  }

  DemoTraffic start() {
    scheduler.scheduleAtFixedRate(this::sendOne, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  private void sendOne() {
    long n = sent.get() + failed.get();
    String from = accounts.get((int) (n % accounts.size()));
    String to = accounts.get((int) ((n + 1) % accounts.size()));
    BigInteger amount = BigInteger.valueOf(1 + n % 100).multiply(ONE_TOKEN);
    String what = "transfer of " + amount + " from " + from + " to " + to;
    try {
      String hash = transfer.send(from, to, amount);
      if (sent.incrementAndGet() % PROGRESS_EVERY == 1) {
        write("#" + sent.get() + " " + what + ": " + hash);
      }
    } catch (RuntimeException e) {
      // Caught so the schedule goes on: an exception would cancel every later run.
      failed.incrementAndGet();
      write(what + " failed: " + Suite.describe(e));
    }
  }

  private void write(String line) {
    try {
      Files.writeString(
          log,
          Instant.now() + " " + line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the traffic log is a convenience; losing a line must not end the traffic
    }
  }

  /** Stops sending and says how much was sent. */
  String stop() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
    return "stopped after "
        + sent.get()
        + " transfers ("
        + failed.get()
        + " failed, see "
        + log
        + ")";
  }
}
