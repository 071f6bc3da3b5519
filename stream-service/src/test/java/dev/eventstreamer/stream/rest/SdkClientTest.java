package dev.eventstreamer.stream.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.SdkStyleClient;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.SubscriptionApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The published client's behaviour, ported, at its own intervals: it creates a subscription through
 * subscription-service and streams it the moment the create returns, while the backfill is still
 * running and new Transfers keep coming, with bulk acks every 3 s and a heartbeat every 30 s, for
 * longer than the server's 90 s connection timeout. It gets every event once and in order, its last
 * acks (sent right after it closed) are honoured, and the next client gets exactly what came after.
 * A client that stops heartbeating and acknowledging is dropped.
 */
@QuarkusTest
class SdkClientTest {

  static {
    StreamTestResources.class.getName();
  }

  // The published client's intervals.
  static final Duration ACKS = Duration.ofSeconds(3);
  static final Duration HEARTBEATS = Duration.ofSeconds(30);
  static final Duration NEVER = Duration.ofHours(1);
  // Past stream.delivery.connection-timeout (90 s, the default, also in tests).
  static final Duration STREAMING = Duration.ofSeconds(100);
  static final int HISTORY = 2_000;

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  DevChain chain = DevChain.shared();

  @Test
  void theClientStreamsFromTheCreateOnAcksAndResumesWithNothingLostOrRepeated() throws Exception {
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    for (int i = 0; i < HISTORY / 500; i++) {
      token.emitTransfers(chain.accounts().get(6), 500);
    }
    TestToken quiet = chain.deployToken();
    long quietStart = chain.blockNumber();
    quiet.emitTransfers(chain.accounts().get(6), 3);

    long id = SubscriptionApi.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    SdkStyleClient client = new SdkStyleClient(base.toString(), id, null).start(ACKS, HEARTBEATS);
    long silentId =
        SubscriptionApi.create(ChainConfigGateway.CHAIN, quiet.address(), quietStart, null);
    SdkStyleClient silent = new SdkStyleClient(base.toString(), silentId, null).start(NEVER, NEVER);

    // New Transfers while the client streams, for longer than the connection timeout.
    int live = 0;
    long until = System.nanoTime() + STREAMING.toNanos();
    while (System.nanoTime() < until) {
      token.emitTransfers(chain.accounts().get(6), 5);
      live += 5;
      Thread.sleep(5_000);
    }
    int total = HISTORY + live;
    EventLog log = new EventLog(pool);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.events().size() >= total || !client.problems().isEmpty());
    assertEquals(List.of(), client.problems());
    List<EventLog.Event> logged = log.events(id);
    assertEquals(total, logged.size(), "the log holds every Transfer of the token");
    assertEquals(total, client.events().size(), "every event once");
    for (int i = 0; i < total; i++) {
      assertEquals(logged.get(i).payload(), client.events().get(i), "event " + i + " in order");
    }
    assertInChainOrder(client.events());
    assertTrue(
        client.heartbeatsAnswered() >= 3,
        client.heartbeatsAnswered() + " heartbeats answered in " + STREAMING);

    // The silent client was dropped: its stream ended with CONNECTION_LOST, its heartbeat is 404.
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(silent::streamEnded);
    assertTrue(silent.problems().contains("CONNECTION_LOST"), silent.problems().toString());
    HttpResponse<String> late = silent.sendHeartbeat();
    assertEquals(404, late.statusCode(), late.body());
    assertTrue(late.body().contains("Connection not found"), late.body());
    silent.close();

    // Closed as the client closes: the stream first, its last acks right after, no pause.
    client.close();
    assertEquals(
        total, client.eventsAcknowledged(), "every event acknowledged, the last after close");
    assertEquals(total, ackedSeq(id), "the committed cursor is at the end");

    token.emitTransfers(chain.accounts().get(6), 5);
    // Without a token: after the cursor, the five new ones only.
    try (SdkStyleClient next =
        new SdkStyleClient(base.toString(), id, null).start(ACKS, HEARTBEATS)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> next.events().size() >= 5);
      Thread.sleep(500);
      assertEquals(5, next.events().size());
      assertEquals(log.events(id).get(total).payload(), next.events().get(0));
      assertEquals(List.of(), next.problems());
    }
    // With the first client's last token (unencoded in the query): the same five.
    try (SdkStyleClient resumed =
        new SdkStyleClient(base.toString(), id, client.resumeToken()).start(ACKS, HEARTBEATS)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> resumed.events().size() >= 5);
      Thread.sleep(500);
      assertEquals(5, resumed.events().size());
      assertEquals(List.of(), resumed.problems());
    }
  }

  /** Strictly increasing (block_number, log_index): no repeat, no step back. */
  private static void assertInChainOrder(List<JsonNode> events) {
    List<String> wrong = new ArrayList<>();
    for (int i = 1; i < events.size(); i++) {
      JsonNode a = events.get(i - 1);
      JsonNode b = events.get(i);
      long ab = a.path("block_number").asLong();
      long bb = b.path("block_number").asLong();
      if (bb < ab || bb == ab && b.path("log_index").asLong() <= a.path("log_index").asLong()) {
        wrong.add(
            i + ": " + ab + "/" + a.path("log_index") + " then " + bb + "/" + b.path("log_index"));
      }
    }
    assertEquals(List.of(), wrong, "events out of chain order");
  }

  private long ackedSeq(long id) {
    return pool.preparedQuery("select acked_seq from subscription where id = $1")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getLong(0);
  }
}
