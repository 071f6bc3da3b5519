package dev.eventstreamer.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Retention deletes acknowledged events older than the retention, and nothing else. */
@QuarkusTest
class LogRetentionTest {

  static {
    StreamTestResources.class.getName();
  }

  @Inject Pool pool;
  @Inject LogRetention retention;

  @Test
  void deletesOnlyAcknowledgedEventsOlderThanTheRetention() {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    token.emitTransfers(chain.accounts().get(7), 10);
    long id = Subscriptions.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> log.count(id) == 10);
    // Retention never takes what chain-events has not carried yet: let it carry everything.
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> publishedSeq(id) == 10);

    // Events 1..6 are old; 1..4 acknowledged: only 1..4 may go.
    sql(
        "update event_log set appended_at = now() - interval '8 days' where subscription_id = $1 and seq <= 6",
        id);
    sql("update subscription set acked_seq = 4 where id = $1", id);

    retention.run();

    var left = log.events(id).stream().map(EventLog.Event::seq).toList();
    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), left);
  }

  private long publishedSeq(long id) {
    return pool.preparedQuery("select published_seq from subscription where id = $1")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getLong(0);
  }

  private void sql(String sql, long id) {
    pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5));
  }
}
