package dev.eventstreamer.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reorgs made on the real dev chain with evm_snapshot / evm_revert, at depths 1 to 5, under zero
 * and three confirmations. With zero confirmations every orphaned event is delivered and then
 * removed (an event with {@code removed: true} after it); with three, an orphaned block never
 * reaches the log unless the reorg is deeper than three. Either way the events that stand are
 * exactly the chain's logs.
 */
@QuarkusTest
class ReorgTest {

  static {
    StreamTestResources.class.getName();
  }

  @Inject Pool pool;

  DevChain chain = DevChain.shared();

  @ParameterizedTest(name = "depth {0}, {1} confirmations")
  @CsvSource({"1,0", "2,0", "3,0", "4,0", "5,0", "1,3", "2,3", "3,3", "4,3", "5,3"})
  void orphanedEventsAreRemovedAndTheNewChainIsIngested(int depth, int confirmations) {
    long chainId =
        confirmations == 0 ? ChainConfigGateway.CHAIN : ChainConfigGateway.CONFIRMED_CHAIN;
    assertEquals(ChainConfigGateway.CONFIRMATIONS, 3);
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    String to = chain.accounts().get(3);
    token.mint(to, BigInteger.ONE);
    chain.mine(confirmations);
    long id = Subscriptions.create(chainId, token.address(), start, null);
    EventLog log = new EventLog(pool);
    long caughtUp = chain.blockNumber() - confirmations;
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "live".equals(log.status(id)) && log.nextBlock(id) > caughtUp);
    assertEquals(1, log.count(id));

    String snapshot = chain.snapshot();
    for (int i = 1; i <= depth; i++) {
      token.mint(to, BigInteger.valueOf(100 + i));
    }
    // The orphans-to-be that are safe: all with zero confirmations, the deepest ones with three.
    int safeOrphans = Math.max(0, depth - confirmations);
    if (safeOrphans > 0) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> log.count(id) == 1 + safeOrphans);
    } else {
      // Time enough for a wrong delivery to happen.
      sleep(1500);
    }
    assertEquals(1 + safeOrphans, log.count(id));

    chain.revert(snapshot);
    for (int i = 1; i <= depth + 1; i++) {
      token.mint(to, BigInteger.valueOf(200 + i));
    }
    chain.mine(confirmations);
    long head = chain.blockNumber();
    List<JsonNode> canonical =
        chain.getLogs(start, head, token.address(), TestToken.TRANSFER_TOPIC0);
    assertEquals(depth + 2, canonical.size());
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                standing(log.events(id)).size() == depth + 2
                    && log.nextBlock(id) > head - confirmations);

    List<EventLog.Event> events = log.events(id);
    List<String> want = new ArrayList<>();
    for (JsonNode l : canonical) {
      want.add(l.get("blockHash").asText() + ":" + Long.decode(l.get("logIndex").asText()));
    }
    List<String> got = new ArrayList<>();
    for (EventLog.Event e : standing(events)) {
      got.add(e.blockHash() + ":" + e.logIndex());
    }
    assertEquals(want, got, "the events that stand are the chain's logs, in order");

    Map<String, EventLog.Event> orphans = new HashMap<>();
    int removals = 0;
    for (int i = 0; i < events.size(); i++) {
      EventLog.Event e = events.get(i);
      assertEquals(i + 1, e.seq(), "seq stays gapless through the reorg");
      String key = e.blockHash() + ":" + e.logIndex();
      if (e.orphaned()) {
        orphans.put(key, e);
        assertTrue(e.payload().get("value").asInt() > 100, "only the orphaned mints");
      }
      if (e.removed()) {
        removals++;
        EventLog.Event original = orphans.get(key);
        assertTrue(original != null, "a removal follows the event it removes");
        assertNotEquals(original.eventId(), e.eventId(), "a removal has an id of its own");
        assertEquals(true, e.payload().get("removed").asBoolean());
        assertEquals(e.eventId(), e.payload().get("event_id").asText());
        assertEquals(original.payload().get("value"), e.payload().get("value"));
      }
    }
    assertEquals(safeOrphans, removals, "every delivered orphan is removed once, nothing else");
    assertEquals(safeOrphans, orphans.size());
  }

  private static List<EventLog.Event> standing(List<EventLog.Event> events) {
    List<EventLog.Event> standing = new ArrayList<>();
    for (EventLog.Event e : events) {
      if (!e.removed() && !e.orphaned()) {
        standing.add(e);
      }
    }
    return standing;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
