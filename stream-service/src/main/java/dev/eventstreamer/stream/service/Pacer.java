package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.client.GatewayException;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The waits of one worker between failed attempts: exponential from the initial backoff to the
 * maximum, at least what the gateway asked for, cut short when the worker is told to stop.
 */
final class Pacer {

  /** The worker was told to stop while it waited. */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped", null, false, false);
    }
  }

  private final long initialMillis;
  private final long maxMillis;
  private final BooleanSupplier running;
  private long nextMillis;

  Pacer(Duration initial, Duration max, BooleanSupplier running) {
    this.initialMillis = Math.max(1, initial.toMillis());
    this.maxMillis = Math.max(initialMillis, max.toMillis());
    this.running = running;
    this.nextMillis = initialMillis;
  }

  /**
   * The pacer of a worker under {@code lease}: it runs while {@code running} says so and the lease
   * can be renewed.
   */
  static Pacer forWorker(IngestContext ctx, Lease lease, BooleanSupplier running) {
    return new Pacer(
        ctx.config.initialBackoff(),
        ctx.config.maxBackoff(),
        () -> running.getAsBoolean() && lease.renewIfDue());
  }

  /** An attempt worked: the next failure waits the initial backoff again. */
  void reset() {
    nextMillis = initialMillis;
  }

  /** Waits after a failure, longer each time. */
  void backOff(Throwable failure) {
    long wait = nextMillis;
    if (failure instanceof GatewayException g && g.retryAfterMillis() > wait) {
      wait = g.retryAfterMillis();
    }
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    sleep(wait);
  }

  /** Sleeps {@code millis}, waking early to stop. */
  void sleep(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      checkRunning();
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      try {
        Thread.sleep(Math.min(left, 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      }
    }
  }

  /**
   * Awaits a chain call, calling again after a pause while the gateway cannot answer for now (rate
   * limits, open breakers, no endpoint, unreachable, timed out); a refusal that will not change
   * (unknown chain, a request the gateway rejects) and a node's error answer fail at once.
   */
  <T> T await(Uni<T> call, Duration timeout) {
    while (true) {
      checkRunning();
      try {
        T result = call.await().atMost(timeout);
        reset();
        return result;
      } catch (GatewayException e) {
        if (!transientFailure(e)) {
          throw e;
        }
        backOff(e);
      } catch (TimeoutException e) {
        backOff(e);
      }
    }
  }

  /** Whether calling again later may work. */
  static boolean transientFailure(Throwable failure) {
    return failure instanceof TimeoutException
        || failure instanceof GatewayException g
            && g.kind() != GatewayException.Kind.CHAIN_UNKNOWN
            && g.kind() != GatewayException.Kind.REFUSED;
  }

  /** Throws {@link Stopped} when the worker should stop. */
  void checkRunning() {
    if (!running.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      throw new Stopped();
    }
  }
}
