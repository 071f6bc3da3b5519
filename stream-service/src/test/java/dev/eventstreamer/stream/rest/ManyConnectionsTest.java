package dev.eventstreamer.stream.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.streamlog.SyntheticLog;
import dev.eventstreamer.stream.testing.NdjsonStreams;
import dev.eventstreamer.stream.testing.NdjsonStreams.Stream;
import dev.eventstreamer.stream.testing.StreamClient;
import dev.eventstreamer.stream.testing.StreamTestResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Delivery under many clients and under one that stops reading. The logs are written straight into
 * the database (common/infra's SyntheticLog): what is tested is delivery, and ingesting thousands
 * of subscriptions from the dev chain first would only cost minutes.
 */
@QuarkusTest
class ManyConnectionsTest {

  static {
    StreamTestResources.class.getName();
  }

  static final Duration WAIT = Duration.ofSeconds(90);

  @Inject Pool pool;
  @Inject MeterRegistry meters;

  @TestHTTPResource("/")
  URL base;

  @Test
  void aThousandConcurrentClientsEachGetTheirOwnEventsInOrderLiveAndAcked() {
    int clients = 1_000;
    long first = 7_000_001L;
    long last = first + clients - 1;
    sql(SyntheticLog.subscriptions(first, last));
    sql(SyntheticLog.events(first, last, 1, 5));
    List<Long> firstFive = List.of(1L, 2L, 3L, 4L, 5L);
    try (NdjsonStreams streams = new NdjsonStreams(base, clients)) {
      LongStream.rangeClosed(first, last).forEach(streams::open);
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> streams.streams().values().stream().allMatch(s -> s.seqs.size() >= 5));
      Set<String> connectionIds = new HashSet<>();
      for (Stream s : streams.streams().values()) {
        assertEquals(200, s.status);
        assertNotNull(s.connectionId, "each 200 names its connection");
        connectionIds.add(s.connectionId);
        assertEquals(firstFive, s.seqs, "subscription " + s.subscriptionId + " got its own log");
        assertEquals(List.of(), s.errors);
      }
      assertEquals(clients, connectionIds.size(), "one connection each");
      assertEquals(clients, openConnections(first, last));

      // One more event for every subscription in one transaction: a thousand NOTIFYs at once.
      pool.withTransaction(
              conn ->
                  conn.query(SyntheticLog.events(first, last, 6, 6))
                      .execute()
                      .chain(() -> conn.query(SyntheticLog.appended(first, last, 6)).execute()))
          .await()
          .atMost(Duration.ofSeconds(30));
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> streams.streams().values().stream().allMatch(s -> s.seqs.size() >= 6));
      for (Stream s : streams.streams().values()) {
        assertEquals(
            List.of(1L, 2L, 3L, 4L, 5L, 6L), s.seqs, "the live event once, after the rest");
      }

      // Each client acknowledges everything it read, as the published client does in bulk.
      for (Stream s : streams.streams().values()) {
        String ids = String.join("\",\"", s.takeBatchIds());
        int status =
            streams.post(
                "/subscriptions/"
                    + s.subscriptionId
                    + "/stream/"
                    + s.connectionId
                    + "/ack/batch/bulk",
                "{\"batch_ids\":[\"" + ids + "\"],\"connection_id\":\"" + s.connectionId + "\"}");
        assertEquals(200, status);
      }
      assertEquals(
          clients,
          count(
              "select count(*) from subscription where id between "
                  + first
                  + " and "
                  + last
                  + " and acked_seq = 6"),
          "every committed cursor is at the last event");
    }
    // The clients went away: the server notices each of them.
    Awaitility.await().atMost(WAIT).until(() -> openConnections(first, last) == 0);
  }

  @Test
  void aClientReadingAsFastAsItCanGetsEveryEventOnceInOrder() {
    // Fast enough for the response's write queue to fill and drain while a page is being written.
    long id = 7_200_001L;
    int events = 100_000;
    sql(SyntheticLog.subscriptions(id, id));
    sql(SyntheticLog.events(id, id, 1, events));
    try (StreamClient stream = StreamClient.open(base + "subscriptions/" + id + "/stream", null)) {
      long expected = 1;
      for (StreamClient.Received batch : stream.batchesUntil(events, WAIT)) {
        for (com.fasterxml.jackson.databind.JsonNode e :
            batch.json().path("events").path("Transfer")) {
          assertEquals(expected, e.path("test_seq").asLong(), "each event once, in its place");
          expected++;
        }
      }
      assertEquals(events + 1, expected);
    }
  }

  @Test
  void aClientThatStopsReadingHoldsTheServerBackAndLosesNothing() {
    long id = 7_100_001L;
    int events = 30_000; // about 20 MB of batches
    sql(SyntheticLog.subscriptions(id, id));
    sql(SyntheticLog.events(id, id, 1, events));
    double sentAtOpen = sentEvents();
    try (NdjsonStreams streams = new NdjsonStreams(base, 1)) {
      Stream s = streams.open(id, 100);
      // The socket buffers fill, then the server stops writing: two looks 2 s apart agree.
      double[] sent = {-1};
      Awaitility.await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                double now = sentEvents();
                boolean still = now == sent[0];
                sent[0] = now;
                return still && !s.seqs.isEmpty();
              });
      long written = (long) (sent[0] - sentAtOpen);
      int read = s.seqs.size();
      // Bounded by the socket buffers (the kernel's grow up to 4 MB here), the response's write
      // queue and one page of the log (1,000 events), never by the 20 MB of the log.
      assertTrue(
          written - read < 12_000,
          "a client that stopped reading after "
              + read
              + " events had "
              + written
              + " written to it: the server must stay at most buffers and a page ahead");
      s.resume();
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () -> s.seqs.size() + " read, ended " + s.ended + ", errors " + s.errors,
              state -> s.seqs.size() >= events);
      assertEquals(
          LongStream.rangeClosed(1, events).boxed().toList(), s.seqs, "every event, in order");
      assertEquals(List.of(), s.errors);
    }
  }

  private double sentEvents() {
    return meters.counter("stream_events_sent_total").count();
  }

  private long openConnections(long first, long last) {
    return count(
        "select count(*) from stream_connection where subscription_id between "
            + first
            + " and "
            + last
            + " and closed_at is null");
  }

  private long count(String sql) {
    return pool.query(sql)
        .execute()
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong(0);
  }

  private void sql(String sql) {
    pool.query(sql).execute().await().atMost(Duration.ofSeconds(60));
  }
}
