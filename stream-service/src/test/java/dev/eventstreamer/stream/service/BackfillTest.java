package dev.eventstreamer.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Backfill and hand-over against the real dev chain through the real gateway: every matching log in
 * the log exactly once, in order, with the event object of API.md.
 */
@QuarkusTest
class BackfillTest {

  static {
    StreamTestResources.class.getName();
  }

  @Inject Pool pool;

  DevChain chain = DevChain.shared();

  @Test
  void tenThousandTransfersAcrossTwoThousandBlocksAppearOnceInOrder() {
    TestToken token = chain.deployToken();
    long first = chain.blockNumber() + 1;
    String to = chain.accounts().get(1);
    for (int i = 0; i < 2_000; i++) {
      token.emitTransfers(to, 5);
    }
    long last = chain.blockNumber();
    assertEquals(2_000, last - first + 1);

    long id = Subscriptions.create(ChainConfigGateway.CHAIN, token.address(), first, null);
    EventLog log = new EventLog(pool);
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> log.count(id) >= 10_000 && log.nextBlock(id) > last);

    List<EventLog.Event> events = log.events(id);
    assertEquals(10_000, events.size());
    List<JsonNode> expected =
        chain.getLogs(first, last, token.address(), TestToken.TRANSFER_TOPIC0);
    assertEquals(10_000, expected.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      EventLog.Event e = events.get(i);
      JsonNode node = expected.get(i);
      assertEquals(i + 1, e.seq(), "seq is gapless from 1");
      assertEquals(Long.decode(node.get("blockNumber").asText()), e.blockNumber());
      assertEquals(Long.decode(node.get("logIndex").asText()).intValue(), e.logIndex());
      assertEquals(node.get("blockHash").asText(), e.blockHash());
      assertFalse(e.removed());
      assertTrue(ids.add(e.eventId()), "event ids are unique");
      JsonNode p = e.payload();
      assertEquals(i % 5 + 1, p.get("value").asInt(), "values 1..5 in each block's order");
      assertEquals("0x0000000000000000000000000000000000000000", p.get("from").asText());
      assertEquals(to.toLowerCase(Locale.ROOT), p.get("to").asText().toLowerCase(Locale.ROOT));
      assertEquals(e.blockNumber(), p.get("block_number").asLong());
      assertEquals(e.logIndex(), p.get("log_index").asInt());
      assertEquals(node.get("transactionHash").asText(), p.get("transaction_hash").asText());
      assertEquals(e.blockHash(), p.get("block_hash").asText());
      assertEquals(token.address(), p.get("address").asText().toLowerCase(Locale.ROOT));
      assertEquals(ChainConfigGateway.CHAIN, p.get("chain_id").asLong());
      assertEquals(e.eventId(), p.get("event_id").asText());
      assertFalse(p.get("removed").asBoolean());
      assertTrue(
          p.get("timestamp")
              .asText()
              .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    // What it took shows in the metrics: events per chain, the ranges each endpoint answered,
    // this subscription's lag.
    String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(
        metrics
            .lines()
            .anyMatch(l -> l.startsWith("stream_ingest_events_total{chain_id=\"31337\"")),
        "events per chain");
    assertTrue(
        metrics.contains(
            "stream_getlogs_range_blocks_count{chain_id=\"31337\",endpoint=\"127.0.0.1:"),
        "eth_getLogs ranges per endpoint");
    assertTrue(
        metrics.contains(
            "stream_ingest_subscription_lag_blocks{chain_id=\"31337\",subscription_id=\""
                + id
                + "\"}"),
        "lag per subscription");
  }
}
