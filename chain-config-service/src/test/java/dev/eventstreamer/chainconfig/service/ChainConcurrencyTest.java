package dev.eventstreamer.chainconfig.service;

import static dev.eventstreamer.chainconfig.TestChains.get;
import static dev.eventstreamer.chainconfig.TestChains.minimal;
import static dev.eventstreamer.chainconfig.TestChains.nextId;
import static dev.eventstreamer.chainconfig.TestChains.post;
import static dev.eventstreamer.chainconfig.TestChains.put;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.chainconfig.ChainTestBroker;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Writers racing on one chain take turns: one creator wins, updates get versions in order. */
@QuarkusTest
class ChainConcurrencyTest {

  private static final int WRITERS = 8;

  @Test
  void racingCreatesOfOneChainGiveOneCreatedAndConflictsForTheRest() throws Exception {
    long id = nextId();
    List<Integer> statuses = race(() -> post(minimal(id)).extract().statusCode());
    assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
    assertEquals(WRITERS - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    get(id).body("version", equalTo(1));
  }

  @Test
  void racingUpdatesOfOneChainPublishEveryVersionInOrder() throws Exception {
    long id = nextId();
    post(minimal(id)).statusCode(201);
    List<Integer> retries = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      retries.add(i + 10);
    }
    List<Integer> statuses = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int value : retries) {
        calls.add(
            pool.submit(
                () -> put(id, "{\"live_max_retries\": " + value + "}").extract().statusCode()));
      }
      for (Future<Integer> call : calls) {
        statuses.add(call.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200), statuses);
    get(id).body("version", equalTo(WRITERS + 1));

    String key = Long.toString(id);
    try (KafkaTopicReader topic =
        new KafkaTopicReader(ChainTestBroker.bootstrapServers(), Channels.CHAIN_CONFIG_EVENTS)) {
      List<Long> versions =
          topic.await(r -> key.equals(r.key()), WRITERS + 1, Duration.ofSeconds(30)).stream()
              .map(r -> new JsonObject(r.value()).getLong("version"))
              .toList();
      assertEquals(LongStream.rangeClosed(1, WRITERS + 1).boxed().toList(), versions);
    }
  }

  private static List<Integer> race(Callable<Integer> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        calls.add(pool.submit(call));
      }
      List<Integer> out = new ArrayList<>();
      for (Future<Integer> f : calls) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
