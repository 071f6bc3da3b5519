package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.devchain.TestToken;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Demo-like token traffic on the dev chain: transactions at a fixed rate, round-robin over the
 * tokens; with one Transfer per transaction each sends tokens from one dev account to the next of a
 * ring (as {@code ./suite up --demo} does), with more each emits that many Transfers at once.
 */
final class Traffic implements AutoCloseable {

  private static final BigInteger ONE_TOKEN = BigInteger.TEN.pow(18);

  private final List<TestToken> tokens;
  private final List<String> ring;
  private final int transfersPerTx;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong transfers = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final java.util.concurrent.Semaphore inFlight =
      new java.util.concurrent.Semaphore(SENDERS * 2);
  private volatile String lastFailure;
  // The node mines each transaction as it comes (automine) and answers when it is mined; a few
  // senders keep it busy while one waits for its answer.
  private static final int SENDERS = 4;
  private final java.util.concurrent.ExecutorService senders =
      Executors.newFixedThreadPool(
          SENDERS,
          r -> {
            Thread t = new Thread(r, "traffic-sender");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong ticks = new AtomicLong();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "traffic");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param tokens each minted to every account of {@code ring} when {@code transfersPerTx} is 1
   */
  Traffic(List<TestToken> tokens, List<String> ring, int transfersPerTx) {
    this.tokens = List.copyOf(tokens);
    this.ring = List.copyOf(ring);
    this.transfersPerTx = transfersPerTx;
  }

  /** Mints every ring account a million tokens of each token, for ring transfers. */
  static void fund(List<TestToken> tokens, List<String> ring) {
    for (TestToken token : tokens) {
      for (String account : ring) {
        token.mint(account, BigInteger.valueOf(1_000_000).multiply(ONE_TOKEN));
      }
    }
  }

  Traffic start(double transactionsPerSecond) {
    long period = Math.max(1, Math.round(1_000_000 / transactionsPerSecond));
    scheduler.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MICROSECONDS);
    return this;
  }

  private void tick() {
    long n = ticks.getAndIncrement();
    if (!inFlight.tryAcquire()) {
      // The node is behind: this transaction is not sent (counted, so the rate reached shows).
      skipped.incrementAndGet();
      return;
    }
    senders.execute(
        () -> {
          try {
            sendOne(n);
          } finally {
            inFlight.release();
          }
        });
  }

  private void sendOne(long n) {
    TestToken token = tokens.get((int) (n % tokens.size()));
    String from = ring.get((int) ((n / tokens.size()) % ring.size()));
    String to = ring.get((int) ((n / tokens.size() + 1) % ring.size()));
    try {
      if (transfersPerTx == 1) {
        token.from(from).transfer(to, BigInteger.valueOf(1 + n % 100).multiply(ONE_TOKEN));
      } else {
        token.emitTransfers(to, transfersPerTx);
      }
      sent.incrementAndGet();
      transfers.addAndGet(transfersPerTx);
    } catch (RuntimeException e) {
      // The schedule goes on: an exception would cancel every later run.
      failed.incrementAndGet();
      lastFailure = e.toString();
    }
  }

  long transactions() {
    return sent.get();
  }

  long transfers() {
    return transfers.get();
  }

  long failed() {
    return failed.get();
  }

  /** Transactions not sent because the node was behind. */
  long skipped() {
    return skipped.get();
  }

  String lastFailure() {
    return lastFailure;
  }

  @Override
  public void close() throws InterruptedException {
    // Not interrupted: a transaction on its way is let finish, so none is half sent.
    scheduler.shutdown();
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
    senders.shutdown();
    senders.awaitTermination(60, TimeUnit.SECONDS);
  }
}
