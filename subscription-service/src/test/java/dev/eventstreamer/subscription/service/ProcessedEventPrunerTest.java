package dev.eventstreamer.subscription.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProcessedEventPrunerTest {

  @Inject Pool pool;
  @Inject ProcessedEventPruner pruner;

  @Test
  void forgetsIdsOlderThanTheRetentionOnly() {
    String old = "test " + UUID.randomUUID();
    String fresh = "test " + UUID.randomUUID();
    pool.preparedQuery(
            "insert into processed_event (event_id, processed_at) values"
                + " ($1, now() - interval '8 days'), ($2, now() - interval '6 days')")
        .execute(Tuple.of(old, fresh))
        .await()
        .atMost(Duration.ofSeconds(5));

    pruner.prune();

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !exists(old));
    assertTrue(exists(fresh));
  }

  private boolean exists(String id) {
    return pool.preparedQuery("select 1 from processed_event where event_id = $1")
            .execute(Tuple.of(id))
            .await()
            .atMost(Duration.ofSeconds(5))
            .size()
        == 1;
  }
}
