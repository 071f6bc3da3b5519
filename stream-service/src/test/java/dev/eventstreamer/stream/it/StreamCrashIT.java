package dev.eventstreamer.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import dev.eventstreamer.stream.testing.Chains;
import dev.eventstreamer.stream.testing.StreamClient;
import dev.eventstreamer.stream.testing.StreamClient.Received;
import dev.eventstreamer.stream.testing.StreamServiceJar;
import dev.eventstreamer.stream.testing.Subscriptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged stream-service killed with SIGKILL while a client streams and acknowledges, then
 * started again on the same database: the client's acks survived, a new connection gets exactly the
 * events it had not acknowledged, in order, and the token of the last batch it read resumes right
 * after that batch.
 */
class StreamCrashIT {

  static final long CHAIN = 50_010;
  static final int EVENTS = 2_000;
  static final Duration WAIT = Duration.ofSeconds(60);

  static PostgresServer postgres;
  static String database;

  @BeforeAll
  static void infrastructure() {
    postgres = PostgresServer.shared();
    database = postgres.createFreshDatabase("stream_crash_delivery");
  }

  @AfterAll
  static void dropDatabase() {
    postgres.dropDatabase(database);
  }

  @Test
  void killedMidStreamTheClientResumesWithNothingLostAndOnlyTheUnackedAgain() throws Exception {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long first = chain.blockNumber() + 1;
    for (int i = 0; i < EVENTS / 500; i++) {
      token.emitTransfers(chain.accounts().get(4), 500);
    }
    Chains.register(CHAIN, chain.rpcUrl(), 0, 10_000);
    long id = Subscriptions.create(CHAIN, token.address(), first, null);

    List<JsonNode> delivered = new ArrayList<>();
    int acked = 0;
    String lastToken;
    ServiceApp one = start("one");
    try {
      Awaitility.await().atMost(WAIT).until(() -> count(id) == EVENTS);
      try (StreamClient stream = StreamClient.open(one.url() + path(id), null)) {
        List<Received> batches = stream.batchesUntil(EVENTS / 2, WAIT);
        List<String> toAck = new ArrayList<>();
        for (Received b : batches) {
          b.json().path("events").path("Transfer").forEach(delivered::add);
          // Every batch but the last two is acknowledged, as a client behind on its acks.
          if (toAck.size() < batches.size() - 2) {
            toAck.add('"' + b.json().path("batch_id").asText() + '"');
            acked += b.json().path("batch_size").asInt();
          }
        }
        lastToken = batches.get(batches.size() - 1).json().path("resume_token").asText();
        HttpResponse<String> ack =
            post(
                one.url() + path(id) + "/" + stream.connectionId() + "/ack/batch/bulk",
                "{\"batch_ids\":[" + String.join(",", toAck) + "]}");
        assertEquals(200, ack.statusCode(), ack.body());
        assertTrue(ack.body().contains("\"total_events_acknowledged\":" + acked), ack.body());
        one.kill();
      }
    } finally {
      one.close();
    }
    assertTrue(acked > 0 && acked < delivered.size(), "acked " + acked + " of " + delivered.size());

    List<JsonNode> all = new ArrayList<>(delivered.subList(0, acked));
    ServiceApp two = start("two");
    try {
      // Without a token: after the committed cursor, so exactly the unacked events again.
      try (StreamClient again = StreamClient.open(two.url() + path(id), null)) {
        List<JsonNode> redelivered = new ArrayList<>();
        for (Received b : again.batchesUntil(EVENTS - acked, WAIT)) {
          b.json().path("events").path("Transfer").forEach(redelivered::add);
        }
        assertEquals(EVENTS - acked, redelivered.size(), "nothing more than the unacked");
        for (int i = 0; i < delivered.size() - acked; i++) {
          assertEquals(delivered.get(acked + i), redelivered.get(i), "unacked event " + i);
        }
        all.addAll(redelivered);
        assertEquals(EVENTS, all.size());
        for (int i = 1; i < all.size(); i++) {
          long before =
              all.get(i - 1).path("block_number").asLong() * 100_000
                  + all.get(i - 1).path("log_index").asLong();
          long now =
              all.get(i).path("block_number").asLong() * 100_000
                  + all.get(i).path("log_index").asLong();
          assertTrue(now > before, "in chain order, once each, at " + i);
        }
      }
      // With the last batch's token: right after it.
      try (StreamClient resumed =
          StreamClient.open(two.url() + path(id) + "?resume_token=" + lastToken, null)) {
        JsonNode next =
            resumed.nextOf("event_batch", WAIT).json().path("events").path("Transfer").get(0);
        assertEquals(all.get(delivered.size()), next, "the event after the last one read");
      }
    } finally {
      two.close();
    }
  }

  private static String path(long id) {
    return "/subscriptions/" + id + "/stream";
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private ServiceApp start(String name) {
    return StreamServiceJar.start(database, "stream-crash-" + name, Map.of());
  }

  private long count(long id) throws SQLException {
    return StreamServiceJar.single(
        database, "select count(*) from event_log where subscription_id = ?", id);
  }
}
