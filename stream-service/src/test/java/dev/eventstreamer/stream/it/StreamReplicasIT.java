package dev.eventstreamer.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Two packaged stream-service replicas on one database, as behind a load balancer that sends each
 * call anywhere: acks and heartbeats for a connection held by the other replica are served, the
 * committed cursor is one, a second connection on one replica takes over the first on the other,
 * and the last acks after a close are taken by either.
 */
class StreamReplicasIT {

  static final long CHAIN = 50_020;
  static final int EVENTS = 300;
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PostgresServer postgres;
  static String database;
  static ServiceApp one;
  static ServiceApp two;

  @BeforeAll
  static void start() {
    postgres = PostgresServer.shared();
    database = postgres.createFreshDatabase("stream_replicas");
    one = replica("one");
    two = replica("two");
  }

  @AfterAll
  static void stop() {
    for (ServiceApp app : new ServiceApp[] {one, two}) {
      if (app != null) {
        app.close();
      }
    }
    postgres.dropDatabase(database);
  }

  @Test
  void eitherReplicaServesAConnectionHeldByTheOther() throws Exception {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long first = chain.blockNumber() + 1;
    token.emitTransfers(chain.accounts().get(6), EVENTS);
    Chains.register(CHAIN, chain.rpcUrl(), 0, 10_000);
    long id = Subscriptions.create(CHAIN, token.address(), first, null);
    Awaitility.await().atMost(WAIT).until(() -> query(id, "count(*) from event_log") == EVENTS);

    try (StreamClient onOne = StreamClient.open(one.url() + path(id), null)) {
      String connection = onOne.connectionId();
      List<Received> batches = onOne.batchesUntil(EVENTS, WAIT);
      assertTrue(batches.size() > 1, "several batches: " + batches.size());

      // Every ack goes to the other replica.
      List<String> firstHalf = new ArrayList<>();
      List<String> rest = new ArrayList<>();
      int firstHalfEvents = 0;
      for (int i = 0; i < batches.size(); i++) {
        String batchId = '"' + batches.get(i).json().path("batch_id").asText() + '"';
        if (i < batches.size() / 2) {
          firstHalf.add(batchId);
          firstHalfEvents += batches.get(i).json().path("batch_size").asInt();
        } else {
          rest.add(batchId);
        }
      }
      JsonNode acked = ack(two, id, connection, firstHalf);
      assertEquals(
          firstHalfEvents, acked.path("total_events_acknowledged").asInt(), acked.toString());
      acked = ack(two, id, connection, rest);
      assertEquals(EVENTS - firstHalfEvents, acked.path("total_events_acknowledged").asInt());
      assertEquals(EVENTS, query(id, "acked_seq from subscription"), "one committed cursor");

      HttpResponse<String> beat =
          post(
              two.url() + "/stream/" + connection + "/heartbeat",
              "{\"timestamp\":\"2026-12-07T00:00:00Z\",\"sequence_number\":1}");
      assertEquals(200, beat.statusCode(), beat.body());
      HttpResponse<String> status = get(two.url() + "/subscriptions/" + id + "/processing-status");
      assertEquals(1, JSON.readTree(status.body()).path("connection_count").asInt(), status.body());

      // A second connection, on the other replica, takes the subscription over.
      try (StreamClient onTwo = StreamClient.open(two.url() + path(id), null)) {
        JsonNode takenOver = onOne.nextOf("error", WAIT).json();
        assertEquals("CONNECTION_TAKEN_OVER", takenOver.path("error_code").asText());
        assertTrue(onOne.ended(WAIT), "the first stream ends");

        // It starts after the cursor: only what comes next.
        token.emitTransfers(chain.accounts().get(6), 5);
        List<Received> next = onTwo.batchesUntil(5, WAIT);
        JsonNode firstNew = next.get(0).json().path("events").path("Transfer").get(0);
        assertTrue(
            firstNew.path("block_number").asLong() > chain.blockNumber() - 5,
            "a new event first, not a redelivery: " + firstNew);
        List<String> ids = new ArrayList<>();
        next.forEach(b -> ids.add('"' + b.json().path("batch_id").asText() + '"'));
        String second = onTwo.connectionId();
        onTwo.close();
        // The last acks, after the close, on the replica that did not hold it.
        Thread.sleep(500);
        JsonNode late = ack(one, id, second, ids);
        assertEquals(5, late.path("total_events_acknowledged").asInt(), late.toString());
      }
    }
    assertEquals(EVENTS + 5, query(id, "acked_seq from subscription"));
  }

  private static JsonNode ack(ServiceApp replica, long id, String connection, List<String> batchIds)
      throws Exception {
    HttpResponse<String> r =
        post(
            replica.url() + path(id) + "/" + connection + "/ack/batch/bulk",
            "{\"batch_ids\":["
                + String.join(",", batchIds)
                + "],\"connection_id\":\""
                + connection
                + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static String path(long id) {
    return "/subscriptions/" + id + "/stream";
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ServiceApp replica(String name) {
    return StreamServiceJar.start(database, "replica-" + name, Map.of());
  }

  /** {@code select <what> where subscription id matches}: one number. */
  private long query(long id, String what) throws SQLException {
    String column = what.startsWith("count") ? "subscription_id" : "id";
    return StreamServiceJar.single(database, "select " + what + " where " + column + " = ?", id);
  }
}
