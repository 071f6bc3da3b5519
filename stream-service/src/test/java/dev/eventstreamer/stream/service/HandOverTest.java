package dev.eventstreamer.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A subscription created while its contract keeps emitting: the backfill runs into blocks that are
 * still being made and hands over to the live follower mid-stream, and no log is lost or doubled.
 */
@QuarkusTest
class HandOverTest {

  static {
    StreamTestResources.class.getName();
  }

  @Inject Pool pool;

  @Test
  void noGapAndNoDuplicateWhileEventsKeepComingDuringTheHandOver() {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    String to = chain.accounts().get(6);
    // History before the subscription exists, deeper than the backfill's finality depth.
    for (int i = 0; i < 100; i++) {
      token.emitTransfers(to, 2);
    }
    CompletableFuture<Void> emitting =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 300; i++) {
                token.emitTransfers(to, 2);
              }
            });
    long id = Subscriptions.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    emitting.join();
    long last = chain.blockNumber();
    EventLog log = new EventLog(pool);
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> "live".equals(log.status(id)) && log.nextBlock(id) > last);

    List<JsonNode> expected =
        chain.getLogs(start, last, token.address(), TestToken.TRANSFER_TOPIC0);
    assertEquals(800, expected.size());
    List<String> want = new ArrayList<>();
    for (JsonNode l : expected) {
      want.add(
          Long.decode(l.get("blockNumber").asText())
              + ":"
              + Long.decode(l.get("logIndex").asText()));
    }
    List<String> got = new ArrayList<>();
    for (EventLog.Event e : log.events(id)) {
      got.add(e.blockNumber() + ":" + e.logIndex());
    }
    assertEquals(want, got);
  }
}
