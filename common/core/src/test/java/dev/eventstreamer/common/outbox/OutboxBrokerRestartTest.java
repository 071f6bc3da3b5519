package dev.eventstreamer.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import io.quarkus.logging.Log;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OutboxRestartBroker.class)
class OutboxBrokerRestartTest {

  private static final int ROWS = 1000;
  private static final int KEYS = 5;

  @Inject Pool pool;

  @Test
  void deliversEveryRowOnceAndInOrderPerKeyWhenTheBrokerComesBack() {
    String run = "restart-" + UUID.randomUUID();
    OutboxRestartBroker.stopBroker();
    try {
      for (int tx = 0; tx < ROWS / 50; tx++) {
        List<OutboxEvent> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          int n = tx * 50 + i;
          batch.add(
              OutboxEvent.builder()
                  .channel(OutboxTestChannels.RESTART)
                  .key(run + "-" + (n % KEYS))
                  .type("dev.eventstreamer.test.outbox")
                  .source("/outbox-test")
                  .data(new JsonObject().put("seq", n).encode())
                  .build());
        }
        pool.withTransaction(conn -> Outbox.appendAll(conn, batch))
            .await()
            .atMost(Duration.ofSeconds(10));
      }
      // The relay has tried and failed while the broker was away.
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> failedAttempts(run) >= KEYS);
    } finally {
      OutboxRestartBroker.startBroker();
    }
    long restarted = System.nanoTime();

    try (KafkaTopicReader topic =
        new KafkaTopicReader(OutboxRestartBroker.bootstrapServers(), OutboxTestChannels.RESTART)) {
      topic.await(r -> r.key().startsWith(run), ROWS, Duration.ofSeconds(90));
      Log.infof(
          "%d outbox rows arrived %d ms after the broker came back",
          ROWS, Duration.ofNanos(System.nanoTime() - restarted).toMillis());
      List<KafkaTopicReader.Received> received =
          topic.drainFor(r -> r.key().startsWith(run), Duration.ofSeconds(3));

      assertEquals(ROWS, received.size(), "records received");
      assertEquals(ROWS, new HashSet<>(OutboxTest.ids(received)).size(), "distinct ids");
      OutboxTest.assertInOrderPerKey(received);
    }
  }

  private long failedAttempts(String run) {
    return pool.preparedQuery(
            "select count(*) from outbox where key like $1 and last_error is not null")
        .execute(Tuple.of(run + "-%"))
        .map(rows -> rows.iterator().next().getLong(0))
        .await()
        .atMost(Duration.ofSeconds(10));
  }
}
