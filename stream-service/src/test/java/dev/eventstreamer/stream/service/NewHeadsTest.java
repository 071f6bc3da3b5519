package dev.eventstreamer.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.Chains;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A chain with a WebSocket has its new heads pushed through chain-config-service's relay: its live
 * subscriptions get a block's events as soon as it is mined, not at the next poll. The chain says
 * 60 s blocks, so a poll would come only every 15 s (the longest pause); each event must arrive in
 * 3 s, three times over (by chance with polling: under 1%).
 */
@QuarkusTest
class NewHeadsTest {

  static {
    StreamTestResources.class.getName();
  }

  static final long CHAIN = 41_900;

  @Inject Pool pool;

  @Inject NewHeads heads;

  DevChain chain = DevChain.shared();

  @Test
  void aMinedBlocksEventsArriveWithoutWaitingForAPoll() {
    Chains.register(
        CHAIN, chain.rpcUrl(), chain.rpcUrl().replaceFirst("^http", "ws"), 60, 0, 10_000);
    TestToken token = chain.deployToken();
    long id = Subscriptions.create(CHAIN, token.address(), chain.blockNumber(), null);
    EventLog log = new EventLog(pool);
    Awaitility.await("the subscription is live and heads are pushed")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "live".equals(log.status(id)) && heads.pushed(CHAIN));

    String to = chain.accounts().get(4);
    for (int i = 1; i <= 3; i++) {
      // Past a round the follower may be taking right now: the next pause is the one measured.
      Awaitility.await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      long sent = System.nanoTime();
      token.emitTransfers(to, 1);
      int expected = i;
      Awaitility.await("Transfer " + i + " in the log")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> log.count(id) == expected);
      long millis = (System.nanoTime() - sent) / 1_000_000;
      assertTrue(millis < 3_000, "Transfer " + i + " took " + millis + " ms: no pushed head?");
    }
    assertEquals(3, log.events(id).size());
  }
}
