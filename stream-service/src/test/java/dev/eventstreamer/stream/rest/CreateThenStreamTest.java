package dev.eventstreamer.stream.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.Http;
import dev.eventstreamer.stream.testing.StreamClient;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.SubscriptionApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client's first program: it creates a subscription through subscription-service and, the moment
 * the create returns, streams it, acknowledges, reads its status, events and last block; every
 * route serves it although its subscription-events message may still be on its way. A subscription
 * that does not exist is refused at once, and a deleted one's stream ends.
 */
@QuarkusTest
@TestProfile(CreateThenStreamTest.SlowHeartbeats.class)
class CreateThenStreamTest {

  /**
   * Heartbeats as the suite sends them by default, not the tests' 2 s: a heartbeat also wakes a
   * stream that missed an append, which would hide exactly the delay this test looks for.
   */
  public static class SlowHeartbeats implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("stream.delivery.heartbeat-interval", "30s");
    }
  }

  static {
    StreamTestResources.class.getName();
  }

  static final int ROUNDS = 200;
  // Well under a follower's pause on a chain with no new block (half the block time, up to 15 s).
  static final Duration FIRST_BATCH = Duration.ofSeconds(5);
  static final Duration ENDS_WITHIN = Duration.ofSeconds(10);

  @TestHTTPResource("/")
  URL base;

  @Inject Pool pool;

  DevChain chain = DevChain.shared();

  @Test
  void aStreamOpenedTheMomentTheCreateReturnsGetsItsFirstBatchAndEndsWhenDeleted()
      throws Exception {
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    token.emitTransfers(chain.accounts().get(7), 3);
    // A live subscription of the chain all along: its follower never ends, so each new
    // subscription joins a follower that is pausing (no block comes during the test).
    long keeper =
        SubscriptionApi.create(
            ChainConfigGateway.CHAIN, chain.deployToken().address(), chain.blockNumber(), null);
    List<String> failures = new ArrayList<>();
    long[] toFirstBatch = new long[ROUNDS];
    long[] toEnd = new long[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long id = SubscriptionApi.create(ChainConfigGateway.CHAIN, token.address(), start, null);
      long created = System.nanoTime();
      try (StreamClient stream = StreamClient.open(url("/subscriptions/" + id + "/stream"), null)) {
        StreamClient.Received first = firstBatchOrError(stream);
        toFirstBatch[round] = System.nanoTime() - created;
        if (first == null) {
          failures.add(
              "round "
                  + round
                  + ", subscription "
                  + id
                  + ": no batch within "
                  + FIRST_BATCH
                  + "; stored:"
                  + stored(id));
          continue;
        }
        if (!first.type().equals("event_batch")) {
          failures.add("round " + round + ", subscription " + id + ": " + first.json());
          continue;
        }
        JsonNode transfers = first.json().path("events").path("Transfer");
        assertTrue(transfers.size() >= 1, "a batch of Transfers: " + first.json());
        assertEquals(
            token.address().toLowerCase(),
            transfers.get(0).path("address").asText().toLowerCase(),
            first.json().toString());
        if (round % 20 == 0) {
          everyOtherRouteServes(id, stream, first);
        }
        long deleting = System.nanoTime();
        SubscriptionApi.delete(id);
        StreamClient.Received last = lastBeforeEnd(stream);
        toEnd[round] = System.nanoTime() - deleting;
        assertNotNull(last, "subscription " + id + ": a message says why the stream ends");
        assertEquals(
            "PROCESSING_STOPPED", last.json().path("error_code").asText(), last.json().toString());
      }
    }
    System.out.printf(
        "create then stream, %d rounds: first batch after the create p50 %d ms, max %d ms;"
            + " stream ended after the delete p50 %d ms, max %d ms%n",
        ROUNDS,
        percentile(toFirstBatch, 50),
        percentile(toFirstBatch, 100),
        percentile(toEnd, 50),
        percentile(toEnd, 100));
    SubscriptionApi.delete(keeper);
    assertEquals(
        List.of(),
        failures.subList(0, Math.min(5, failures.size())),
        failures.size() + " of " + ROUNDS + " streams failed; the first five");
  }

  @Test
  void aSubscriptionThatDoesNotExistIsRefusedAtOnce() {
    long unknown = 9_000_000_000L + System.nanoTime() % 1_000_000;
    long began = System.nanoTime();
    try (StreamClient stream =
        StreamClient.open(url("/subscriptions/" + unknown + "/stream"), null)) {
      StreamClient.Received r = stream.next(Duration.ofSeconds(5));
      assertNotNull(r, "an answer");
      assertEquals(
          "SUBSCRIPTION_NOT_FOUND", r.json().path("error_code").asText(), r.json().toString());
      assertTrue(stream.ended(Duration.ofSeconds(2)), "the stream ends");
    }
    assertTrue(
        Duration.ofNanos(System.nanoTime() - began).compareTo(Duration.ofSeconds(2)) < 0,
        "refused at once");
    for (String route : new String[] {"/processing-status", "/events", "/last-processed-block"}) {
      HttpResponse<String> r =
          Http.send("GET", url("/subscriptions/" + unknown + route), null, null);
      assertEquals(404, r.statusCode(), route + ": " + r.body());
      assertTrue(
          r.body().contains("Subscription " + unknown + " not found"), route + ": " + r.body());
    }
  }

  /** Status, events and last block answer; the first batch's bulk ack moves the cursor. */
  private void everyOtherRouteServes(long id, StreamClient stream, StreamClient.Received first) {
    String path = "/subscriptions/" + id;
    HttpResponse<String> status = Http.send("GET", url(path + "/processing-status"), null, null);
    assertEquals(200, status.statusCode(), status.body());
    assertTrue(status.body().contains("\"subscription_id\":" + id), status.body());
    HttpResponse<String> events = Http.send("GET", url(path + "/events"), null, null);
    assertEquals(200, events.statusCode(), events.body());
    HttpResponse<String> last = Http.send("GET", url(path + "/last-processed-block"), null, null);
    assertEquals(200, last.statusCode(), last.body());
    String batchId = first.json().path("batch_id").asText();
    HttpResponse<String> ack =
        Http.send(
            "POST",
            url(path + "/stream/" + stream.connectionId() + "/ack/batch/bulk"),
            "{\"batch_ids\":[\"" + batchId + "\"]}",
            null);
    assertEquals(200, ack.statusCode(), ack.body());
    assertTrue(ack.body().contains("\"acknowledged_batches\":1"), ack.body());
  }

  private static StreamClient.Received firstBatchOrError(StreamClient stream) {
    long deadline = System.nanoTime() + FIRST_BATCH.toNanos();
    while (System.nanoTime() < deadline) {
      StreamClient.Received r = stream.next(Duration.ofNanos(deadline - System.nanoTime()));
      if (r == null) {
        return null;
      }
      if (r.type().equals("event_batch") || r.type().equals("error")) {
        return r;
      }
    }
    return null;
  }

  /** The last message before the server ended the stream; fails when it did not end in time. */
  private static StreamClient.Received lastBeforeEnd(StreamClient stream) {
    StreamClient.Received last = null;
    long deadline = System.nanoTime() + ENDS_WITHIN.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      StreamClient.Received r = left > 0 ? stream.next(Duration.ofNanos(left)) : null;
      if (r == null) {
        assertTrue(stream.hasEnded(), "the stream ends within " + ENDS_WITHIN + " of the delete");
        return last;
      }
      last = r;
    }
  }

  /** What stream-service holds of a subscription and its work, for a failure's message. */
  private String stored(long id) {
    StringBuilder out = new StringBuilder();
    pool.preparedQuery(
            "select status, next_block, last_seq, deleted from subscription where id = $1")
        .execute(Tuple.of(id))
        .await()
        .indefinitely()
        .forEach(r -> out.append(r.toJson().encode()));
    pool.query("select name, owner, expires_at from lease")
        .execute()
        .await()
        .indefinitely()
        .forEach(r -> out.append(' ').append(r.toJson().encode()));
    return out.toString();
  }

  private static long percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    int i = Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[i] / 1_000_000;
  }

  private String url(String path) {
    return base.toString().replaceAll("/$", "") + path;
  }
}
