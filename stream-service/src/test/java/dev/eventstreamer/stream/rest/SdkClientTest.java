package dev.eventstreamer.stream.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.SdkStyleClient;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The published client's behaviour, ported: it streams a subscription at full speed with its bulk
 * acks every 3 s and its heartbeats, its last acks after it closed are honoured, and the next
 * client (with or without the token) gets exactly what came after.
 */
@QuarkusTest
class SdkClientTest {

  static {
    StreamTestResources.class.getName();
  }

  static final Duration ACKS = Duration.ofSeconds(3);
  static final Duration HEARTBEATS = Duration.ofSeconds(1);

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  DevChain chain = DevChain.shared();

  @Test
  void theClientStreamsAcksAndResumesWithNothingLostOrRepeated() throws Exception {
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    for (int i = 0; i < 4; i++) {
      token.emitTransfers(chain.accounts().get(6), 500);
    }
    long id = Subscriptions.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> log.count(id) == 2_000);
    List<EventLog.Event> logged = log.events(id);

    SdkStyleClient first = new SdkStyleClient(base.toString(), id, null).start(ACKS, HEARTBEATS);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> first.events().size() == 2_000);
    // Long enough for heartbeats, not for every ack: the last ones go after the close.
    Thread.sleep(1_500);
    first.close();
    assertEquals(List.of(), first.problems());
    assertTrue(first.heartbeatsAnswered() > 0, "heartbeats answered");
    for (int i = 0; i < 2_000; i++) {
      assertEquals(logged.get(i).payload(), first.events().get(i), "event " + i);
    }
    assertEquals(
        2_000, first.eventsAcknowledged(), "every event acknowledged, the last after close");
    assertEquals(2_000, ackedSeq(id), "the committed cursor is at the end");

    token.emitTransfers(chain.accounts().get(6), 5);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.count(id) == 2_005);
    // Without a token: after the cursor, the five new ones only.
    try (SdkStyleClient next =
        new SdkStyleClient(base.toString(), id, null).start(ACKS, HEARTBEATS)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> next.events().size() >= 5);
      Thread.sleep(500);
      assertEquals(5, next.events().size());
      assertEquals(log.events(id).get(2_000).payload(), next.events().get(0));
    }
    // With the first client's last token (unencoded in the query): the same five.
    try (SdkStyleClient resumed =
        new SdkStyleClient(base.toString(), id, first.resumeToken()).start(ACKS, HEARTBEATS)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> resumed.events().size() >= 5);
      Thread.sleep(500);
      assertEquals(5, resumed.events().size());
    }
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
