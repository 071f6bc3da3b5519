package dev.eventstreamer.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.common.messaging.Correlation;
import dev.eventstreamer.common.outbox.impl.OutboxRelay;
import dev.eventstreamer.common.outbox.impl.OutboxRelayLifecycle;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OutboxTest {

  private static final Duration ARRIVAL = Duration.ofSeconds(30);

  @Inject Pool pool;
  @Inject Vertx vertx;
  @Inject OutboxConfig config;
  @Inject OutboxRelayLifecycle lifecycle;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void rolledBackTransactionLeavesNoRowAndSendsNothing() {
    String key = "rollback-" + UUID.randomUUID();
    OutboxEvent rolledBack = event(key, 1);
    OutboxEvent committed = event(key, 2);
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      assertThrows(
          IllegalStateException.class,
          () ->
              pool.withTransaction(
                      conn ->
                          Outbox.append(conn, rolledBack)
                              .chain(() -> Uni.createFrom().failure(new IllegalStateException())))
                  .await()
                  .atMost(Duration.ofSeconds(10)));
      pool.withTransaction(conn -> Outbox.append(conn, committed))
          .await()
          .atMost(Duration.ofSeconds(10));

      List<KafkaTopicReader.Received> received = topic.await(r -> key.equals(r.key()), 1, ARRIVAL);
      // The committed event went out after the rolled-back one would have; only it arrived.
      assertEquals(List.of(committed.id().toString()), ids(received));
      assertFalse(rowExists(rolledBack.id()));
      assertTrue(rowExists(committed.id()));
    }
  }

  @Test
  void appendThroughAPanacheSessionSharesItsTransaction() {
    String key = "panache-" + UUID.randomUUID();
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      RestAssured.given()
          .queryParam("fail", true)
          .post("/outbox-test/orders/" + key)
          .then()
          .statusCode(500);
      String committed =
          RestAssured.given()
              .post("/outbox-test/orders/" + key)
              .then()
              .statusCode(200)
              .extract()
              .asString();

      List<KafkaTopicReader.Received> received = topic.await(r -> key.equals(r.key()), 1, ARRIVAL);
      assertEquals(List.of(committed), ids(received));
      assertEquals(2, new JsonObject(received.get(0).value()).getInteger("seq"));
      assertEquals(1L, count("select count(*) from outbox where key = $1", key));
      assertEquals(1L, count("select count(*) from outbox_test_order where note = $1", key));
    }
  }

  @Test
  void publishesCloudEventAttributesCorrelationAndKafkaKey() throws Exception {
    String key = "attributes-" + UUID.randomUUID();
    String correlationId = Correlation.newId();
    OutboxEvent explicit =
        OutboxEvent.builder()
            .channel(OutboxTestChannels.EVENTS)
            .key(key)
            .type("dev.eventstreamer.test.outbox")
            .source("/outbox-test")
            .subject("subject-1")
            .data("{\"seq\":1,\"text\":\"caf\\u00e9\"}")
            .correlationId("explicit-correlation")
            .build();
    OutboxEvent fromContext = event(key, 2);
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      Outbox.append(pool, explicit).await().atMost(Duration.ofSeconds(10));
      appendInUnitOfWork(fromContext, correlationId);

      List<KafkaTopicReader.Received> received = topic.await(r -> key.equals(r.key()), 2, ARRIVAL);
      assertEquals(2, received.size());
      KafkaTopicReader.Received first = received.get(0);
      assertEquals(explicit.id().toString(), first.headers().get("ce_id"));
      assertEquals("1.0", first.headers().get("ce_specversion"));
      assertEquals("dev.eventstreamer.test.outbox", first.headers().get("ce_type"));
      assertEquals("/outbox-test", first.headers().get("ce_source"));
      assertEquals("subject-1", first.headers().get("ce_subject"));
      assertEquals("explicit-correlation", first.headers().get("ce_correlationid"));
      assertEquals(key, first.headers().get("ce_partitionkey"));
      assertNotNull(first.headers().get("ce_time"));
      assertEquals("application/json", first.headers().get("content-type"));
      assertEquals(new JsonObject(explicit.data()), new JsonObject(first.value()));

      KafkaTopicReader.Received second = received.get(1);
      assertEquals(fromContext.id().toString(), second.id());
      assertEquals(key, second.key());
      assertEquals(correlationId, second.headers().get("ce_correlationid"));
      assertEquals(null, second.headers().get("ce_subject"));

      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(explicit.id()) != null);
    }
  }

  @Test
  void publishesATextIdAndTheEventsOwnTime() {
    String key = "text-id-" + UUID.randomUUID();
    OutboxEvent derived =
        OutboxEvent.builder()
            .id(key + ".credit-rule.1")
            .channel(OutboxTestChannels.EVENTS)
            .key(key)
            .type("balance-credited")
            .source("/outbox-test")
            .data("{}")
            .time(java.time.OffsetDateTime.parse("2024-03-01T10:00:00.123Z"))
            .build();
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      Outbox.append(pool, derived).await().atMost(Duration.ofSeconds(10));

      List<KafkaTopicReader.Received> received = topic.await(r -> key.equals(r.key()), 1, ARRIVAL);
      assertEquals(key + ".credit-rule.1", received.get(0).id());
      assertEquals(
          java.time.Instant.parse("2024-03-01T10:00:00.123Z"),
          java.time.OffsetDateTime.parse(received.get(0).headers().get("ce_time")).toInstant());
    }
  }

  @Test
  void notifyWakesTheRelayLongBeforeThePollInterval() {
    assertTrue(config.pollInterval().compareTo(Duration.ofMinutes(5)) >= 0);
    String key = "notify-" + UUID.randomUUID();
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      // The relay had its startup look long ago; only the NOTIFY of this commit can wake it.
      Outbox.append(pool, event(key + "-warmup", 0)).await().atMost(Duration.ofSeconds(10));
      topic.await(r -> (key + "-warmup").equals(r.key()), 1, ARRIVAL);

      long start = System.nanoTime();
      OutboxEvent event = event(key, 1);
      Outbox.append(pool, event).await().atMost(Duration.ofSeconds(10));
      List<KafkaTopicReader.Received> received =
          topic.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(20));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(List.of(event.id().toString()), ids(received));
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
    }
  }

  @Test
  void twoRelaysNeverPublishARowTwiceAndKeepOrderPerKey() throws Exception {
    String run = "replicas-" + UUID.randomUUID();
    List<String> keys = List.of(run + "-a", run + "-b", run + "-c");
    OutboxRelay main = lifecycle.relay().orElseThrow();
    OutboxRelay second = lifecycle.newRelay("second");
    second.start();
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(main::isLeader);
      int transactions = 30;
      int perTransaction = 10;
      int total = transactions * perTransaction;
      int seq = 0;
      for (int t = 0; t < transactions; t++) {
        List<OutboxEvent> batch = new ArrayList<>();
        for (int i = 0; i < perTransaction; i++, seq++) {
          batch.add(event(keys.get(seq % keys.size()), seq));
        }
        pool.withTransaction(conn -> Outbox.appendAll(conn, batch))
            .await()
            .atMost(Duration.ofSeconds(10));
        if (t == transactions / 3) {
          // The leader goes away mid-stream; the standby must take over where it stopped.
          topic.await(r -> r.key().startsWith(run), 50, ARRIVAL);
          lifecycle.stop();
        }
        Thread.sleep(20);
      }

      List<KafkaTopicReader.Received> received =
          topic.await(r -> r.key().startsWith(run), total, ARRIVAL);
      received = topic.drainFor(r -> r.key().startsWith(run), Duration.ofSeconds(2));
      assertEquals(total, received.size(), "records received");
      assertEquals(total, new HashSet<>(ids(received)).size(), "distinct ids");
      assertInOrderPerKey(received);
      assertTrue(second.isLeader());
      assertFalse(main.isLeader());
    } finally {
      lifecycle.start();
      second.stop(Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(30));
      // The next commit's NOTIFY hands the leadership back to the application's relay.
      Outbox.append(pool, event(run + "-handback", 0)).await().atMost(Duration.ofSeconds(10));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(main::isLeader);
    }
  }

  @Test
  void reconnectsAndLeadsAgainAfterTheDatabaseDroppedItsListenConnection() {
    OutboxRelay main = lifecycle.relay().orElseThrow();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(main::isLeader);
    // The backend holding the leader's advisory lock is the relay's LISTEN connection.
    boolean terminated =
        pool.query(
                "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                    + " and granted and classid = 28533 and objid = 1952608120 and objsubid = 1"
                    + " and database = (select oid from pg_database"
                    + " where datname = current_database())")
            .execute()
            .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean(0))
            .await()
            .atMost(Duration.ofSeconds(10));
    assertTrue(terminated);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !main.isLeader());
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(main::isLeader);

    String key = "reconnect-" + UUID.randomUUID();
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      long start = System.nanoTime();
      OutboxEvent event = event(key, 1);
      Outbox.append(pool, event).await().atMost(Duration.ofSeconds(10));
      List<KafkaTopicReader.Received> received =
          topic.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(20));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(List.of(event.id().toString()), ids(received));
      // NOTIFY reaches the new connection: far quicker than the ten-minute poll.
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
    }
  }

  @Test
  void pollingFindsRowsWhenNoNotifyComes() {
    OutboxConfig fastPolling = new PollEvery(config, Duration.ofMillis(300));
    OutboxRelay polling = lifecycle.newRelay("polling", fastPolling);
    String key = "polling-" + UUID.randomUUID();
    lifecycle.stop();
    polling.start();
    try (KafkaTopicReader topic =
        new KafkaTopicReader(bootstrapServers, OutboxTestChannels.EVENTS)) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(polling::isLeader);
      execute("alter table outbox disable trigger outbox_notify_trg");
      OutboxEvent event = event(key, 1);
      Outbox.append(pool, event).await().atMost(Duration.ofSeconds(10));

      List<KafkaTopicReader.Received> received =
          topic.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(10));
      assertEquals(List.of(event.id().toString()), ids(received));
    } finally {
      execute("alter table outbox enable trigger outbox_notify_trg");
      polling.stop(Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(30));
      lifecycle.start();
      OutboxRelay main = lifecycle.relay().orElseThrow();
      Outbox.append(pool, event(key + "-handback", 0)).await().atMost(Duration.ofSeconds(10));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(main::isLeader);
    }
  }

  @Test
  void rejectsEventsWithoutTheAttributesACloudEventNeeds() {
    OutboxException e =
        assertThrows(
            OutboxException.class,
            () -> OutboxEvent.builder().channel("c").key("k").source("/s").data("{}").build());
    assertEquals(OutboxException.Kind.INVALID_EVENT, e.kind());
    assertTrue(e.getMessage().contains("type"), e.getMessage());
  }

  static OutboxEvent event(String key, int seq) {
    return OutboxEvent.builder()
        .channel(OutboxTestChannels.EVENTS)
        .key(key)
        .type("dev.eventstreamer.test.outbox")
        .source("/outbox-test")
        .data(new JsonObject().put("seq", seq).encode())
        .build();
  }

  static List<String> ids(List<KafkaTopicReader.Received> received) {
    return received.stream().map(KafkaTopicReader.Received::id).toList();
  }

  static void assertInOrderPerKey(List<KafkaTopicReader.Received> received) {
    Map<String, Integer> last = new HashMap<>();
    for (KafkaTopicReader.Received r : received) {
      int seq = new JsonObject(r.value()).getInteger("seq");
      Integer before = last.put(r.key(), seq);
      assertTrue(
          before == null || before < seq, "key " + r.key() + ": " + seq + " after " + before);
    }
  }

  private void appendInUnitOfWork(OutboxEvent event, String correlationId) throws Exception {
    // As in a request or message handler: the correlation id lives in a duplicated context.
    Context context =
        VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
    CompletableFuture<Long> done = new CompletableFuture<>();
    context.runOnContext(
        ignored -> {
          Correlation.set(correlationId);
          Outbox.append(pool, event).subscribe().with(done::complete, done::completeExceptionally);
        });
    done.get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void execute(String sql) {
    pool.query(sql).execute().await().atMost(Duration.ofSeconds(10));
  }

  /** The application's settings with another poll interval. */
  private record PollEvery(OutboxConfig base, Duration pollInterval) implements OutboxConfig {
    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public int batchSize() {
      return base.batchSize();
    }

    @Override
    public int maxInFlight() {
      return base.maxInFlight();
    }

    @Override
    public Duration sendTimeout() {
      return base.sendTimeout();
    }

    @Override
    public Duration reconnectInterval() {
      return base.reconnectInterval();
    }

    @Override
    public Duration retention() {
      return base.retention();
    }

    @Override
    public Retry retry() {
      return base.retry();
    }
  }

  private long count(String sql, Object parameter) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(parameter))
        .map(rows -> rows.iterator().next().getLong(0))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private boolean rowExists(String eventId) {
    return pool.preparedQuery("select count(*) from outbox where event_id = $1")
            .execute(Tuple.of(eventId))
            .map(rows -> rows.iterator().next().getLong(0))
            .await()
            .atMost(Duration.ofSeconds(10))
        > 0;
  }

  private Object sentAt(String eventId) {
    Row row =
        pool.preparedQuery("select sent_at from outbox where event_id = $1")
            .execute(Tuple.of(eventId))
            .map(rows -> rows.iterator().next())
            .await()
            .atMost(Duration.ofSeconds(10));
    return row.getValue(0);
  }
}
