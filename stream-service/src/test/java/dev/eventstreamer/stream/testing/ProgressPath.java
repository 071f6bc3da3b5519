package dev.eventstreamer.stream.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a subscription's progress to show at subscription-service and, when it does not, says
 * where it stopped: the progress events stream-service wrote to its outbox (sent or not, and why
 * not), what subscription-service answers, and what subscription-service logged of trouble.
 */
public final class ProgressPath {

  private final Pool pool;

  public ProgressPath(Pool pool) {
    this.pool = pool;
  }

  /**
   * Waits up to {@code timeout} for {@code condition}; fails with the path's state if it does not
   * hold.
   */
  public void await(
      long subscriptionId, Duration timeout, String what, Callable<Boolean> condition) {
    try {
      Awaitility.await().atMost(timeout).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          what + " not seen within " + timeout + "\n" + describe(subscriptionId), e);
    }
  }

  /** The outbox rows of the subscription, subscription-service's answer and its log's trouble. */
  public String describe(long subscriptionId) {
    StringBuilder out = new StringBuilder("stream-service's progress outbox rows:\n");
    try {
      for (Row r :
          pool.preparedQuery(
                  "select id, created_at, sent_at, attempts, last_error, data::text from outbox"
                      + " where key = $1 order by id")
              .execute(Tuple.of(Long.toString(subscriptionId)))
              .await()
              .atMost(Duration.ofSeconds(10))) {
        out.append("  ")
            .append(r.getLong(0))
            .append(" created ")
            .append(r.getOffsetDateTime(1))
            .append(" sent ")
            .append(r.getOffsetDateTime(2))
            .append(" attempts ")
            .append(r.getInteger(3))
            .append(" error ")
            .append(r.getString(4))
            .append(' ')
            .append(r.getString(5))
            .append('\n');
      }
    } catch (RuntimeException e) {
      out.append("  (not read: ").append(e).append(")\n");
    }
    try {
      out.append("subscription-service answers: ")
          .append(SubscriptionApi.get(subscriptionId))
          .append('\n');
    } catch (RuntimeException e) {
      out.append("subscription-service did not answer: ").append(e).append('\n');
    }
    out.append("subscription-service's warnings and errors (last 40):\n");
    try {
      List<String> trouble =
          Files.readAllLines(SubscriptionServiceApp.log()).stream()
              .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception"))
              .toList();
      trouble
          .subList(Math.max(0, trouble.size() - 40), trouble.size())
          .forEach(l -> out.append("  ").append(l).append('\n'));
    } catch (IOException | RuntimeException e) {
      out.append("  (not read: ").append(e).append(")\n");
    }
    return out.toString();
  }
}
