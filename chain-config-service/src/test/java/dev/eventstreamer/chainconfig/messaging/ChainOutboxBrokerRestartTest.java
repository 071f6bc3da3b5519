package dev.eventstreamer.chainconfig.messaging;

import static dev.eventstreamer.chainconfig.TestChains.minimal;
import static dev.eventstreamer.chainconfig.TestChains.nextId;
import static dev.eventstreamer.chainconfig.TestChains.post;
import static dev.eventstreamer.chainconfig.TestChains.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.chainconfig.ChainTestBroker;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Registry changes made while the broker is down all arrive once it is back, in order. */
@QuarkusTest
class ChainOutboxBrokerRestartTest {

  private static final int CHAINS = 100;

  @Inject Pool pool;

  @Test
  void deliversEveryChangeInOrderPerChainWhenTheBrokerComesBack() {
    List<Long> ids = new ArrayList<>();
    ChainTestBroker.stopBroker();
    try {
      for (int i = 0; i < CHAINS; i++) {
        long id = nextId();
        ids.add(id);
        post(minimal(id)).statusCode(201);
        put(id, "{\"confirmation_blocks\": 1}").statusCode(200);
      }
      // The relay has tried, and failed, while the broker was away.
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> failedAttempts(ids.get(0)) > 0);
    } finally {
      ChainTestBroker.startBroker();
    }

    Set<String> keys = new HashSet<>();
    ids.forEach(id -> keys.add(Long.toString(id)));
    try (KafkaTopicReader topic =
        new KafkaTopicReader(ChainTestBroker.bootstrapServers(), Channels.CHAIN_CONFIG_EVENTS)) {
      topic.await(r -> keys.contains(r.key()), 2 * CHAINS, Duration.ofSeconds(90));
      List<KafkaTopicReader.Received> received =
          topic.drainFor(r -> keys.contains(r.key()), Duration.ofSeconds(2));

      assertEquals(2 * CHAINS, received.size(), "events received");
      assertEquals(
          2 * CHAINS,
          new HashSet<>(received.stream().map(r -> r.header("ce_id")).toList()).size(),
          "distinct ids");
      Map<String, List<String>> typesPerChain = new LinkedHashMap<>();
      Map<String, List<Long>> versionsPerChain = new LinkedHashMap<>();
      for (KafkaTopicReader.Received r : received) {
        typesPerChain.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.header("ce_type"));
        versionsPerChain
            .computeIfAbsent(r.key(), k -> new ArrayList<>())
            .add(new JsonObject(r.value()).getLong("version"));
      }
      for (String key : keys) {
        assertEquals(
            List.of(EventTypes.CHAIN_CREATED, EventTypes.CHAIN_UPDATED),
            typesPerChain.get(key),
            "chain " + key);
        assertEquals(List.of(1L, 2L), versionsPerChain.get(key), "chain " + key);
      }
    }
  }

  private long failedAttempts(long chainId) {
    return pool.preparedQuery(
            "select count(*) from outbox where key = $1 and last_error is not null")
        .execute(Tuple.of(Long.toString(chainId)))
        .map(rows -> rows.iterator().next().getLong(0))
        .await()
        .atMost(Duration.ofSeconds(10));
  }
}
