package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static dev.eventstreamer.rules.testing.Suite.view;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import dev.eventstreamer.rules.testing.DatabaseProxy;
import dev.eventstreamer.rules.testing.ProxiedDatabaseResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import dev.eventstreamer.rules.testing.Suite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The database going away is no fault: nothing is acknowledged while it is gone, the events come
 * again once it is back, and each write and emit happens once.
 */
@QuarkusTest
@WithTestResource(ProxiedDatabaseResource.class)
@WithTestResource(RuleEngineTestResource.class)
class DatabaseDownTest {

  static final Duration ARRIVAL = Duration.ofSeconds(60);

  @Test
  void eventsWhileTheDatabaseIsDownAreAppliedOnceWhenItIsBack() throws Exception {
    String type = unique("tick");
    String counter = unique("counter");
    String marker = unique("marker");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "{'key': {'pk': event.partition_key, 'sk': 'ticks'}, 'add': {'n': 1}}"}
        """
            .formatted(counter, type));
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": "%s", "emit": "%s-seen"}
        """
            .formatted(marker, type, type));
    String key = unique("k");
    try (KafkaTopicReader domain =
            new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS);
        KafkaTopicReader faults =
            new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.FAULTS)) {
      Suite.domainEvent(key, type, "{}");
      Awaitility.await().atMost(ARRIVAL).until(() -> view(key, "ticks") != null);

      DatabaseProxy.cutAll();
      try {
        for (int i = 0; i < 5; i++) {
          Suite.domainEvent(key, type, "{}");
        }
        // The consumer fails on every try while the database is gone.
        Thread.sleep(3_000);
      } finally {
        DatabaseProxy.restoreAll();
      }

      Awaitility.await()
          .atMost(ARRIVAL)
          .until(() -> view(key, "ticks").path("data").path("n").asInt() >= 6);
      List<KafkaTopicReader.Received> seen =
          domain.await(r -> (type + "-seen").equals(r.header("ce_type")), 6, ARRIVAL);
      // Anything written or emitted twice would show by now, with the six.
      seen =
          domain.drainFor(r -> (type + "-seen").equals(r.header("ce_type")), Duration.ofSeconds(2));
      assertEquals(6, view(key, "ticks").path("data").path("n").asInt(), "each write once");
      assertEquals(6, seen.size(), "each emit once");
      assertEquals(6, seen.stream().map(KafkaTopicReader.Received::id).distinct().count());
      assertEquals(
          0,
          faults
              .drainFor(r -> counter.equals(r.key()) || marker.equals(r.key()), Duration.ZERO)
              .size(),
          "the database going away is no fault");
    }
  }
}
