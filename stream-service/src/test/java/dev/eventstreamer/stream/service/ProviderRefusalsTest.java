package dev.eventstreamer.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.Chains;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.RefusingProvider;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Each provider's way of refusing a wide eth_getLogs, met through the real gateway in front of the
 * dev chain: the backfill adapts (a suggested range taken as is, a stated cap kept, halving
 * otherwise, rate limits waited out) and the log ends up exactly the chain's logs.
 */
@QuarkusTest
class ProviderRefusalsTest {

  static {
    StreamTestResources.class.getName();
  }

  static final List<String> PROVIDERS =
      List.of(
          "infura",
          "alchemy",
          "reth",
          "quicknode",
          "cloudflare",
          "thirdweb",
          "coinbase",
          "publicnode",
          "ankr",
          "chainstack",
          "base",
          "results",
          "arbitrum",
          "onerpc",
          "ratelimited");

  // Providers that state their cap: it is kept for the endpoint, across restarts.
  static final List<String> STATING_A_CAP =
      List.of("alchemy", "quicknode", "cloudflare", "thirdweb", "coinbase", "publicnode");

  @Inject Pool pool;

  DevChain chain = DevChain.shared();

  @Test
  void everyProvidersRefusalIsAdaptedToAndNothingIsLost() throws Exception {
    TestToken token = chain.deployToken();
    long first = chain.blockNumber() + 1;
    String to = chain.accounts().get(2);
    for (int i = 0; i < 150; i++) {
      token.emitTransfers(to, 2);
      chain.mine(1);
    }
    long last = chain.blockNumber();
    List<JsonNode> expected =
        chain.getLogs(first, last, token.address(), TestToken.TRANSFER_TOPIC0);
    assertEquals(300, expected.size());

    try (RefusingProvider provider = new RefusingProvider(chain.rpcUrl())) {
      Map<String, Long> subscriptions = new LinkedHashMap<>();
      for (int i = 0; i < PROVIDERS.size(); i++) {
        long chainId = 41_000 + i;
        Chains.register(chainId, provider.url(PROVIDERS.get(i)), 0, 10_000);
        subscriptions.put(
            PROVIDERS.get(i), Subscriptions.create(chainId, token.address(), first, null));
      }
      EventLog log = new EventLog(pool);
      for (Map.Entry<String, Long> s : subscriptions.entrySet()) {
        long id = s.getValue();
        Awaitility.await(s.getKey())
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> log.nextBlock(id) > last);
        List<EventLog.Event> events = log.events(id);
        List<String> got = new ArrayList<>();
        for (EventLog.Event e : events) {
          got.add(e.blockNumber() + ":" + e.logIndex() + ":" + e.blockHash());
        }
        List<String> want = new ArrayList<>();
        for (JsonNode l : expected) {
          want.add(
              Long.decode(l.get("blockNumber").asText())
                  + ":"
                  + Long.decode(l.get("logIndex").asText())
                  + ":"
                  + l.get("blockHash").asText());
        }
        assertEquals(want, got, s.getKey() + ": the log is exactly the chain's logs, in order");
        assertTrue(provider.refusals(s.getKey()) > 0, s.getKey() + " refused at least once");
      }
      for (String family : STATING_A_CAP) {
        long chainId = 41_000 + PROVIDERS.indexOf(family);
        var caps =
            pool.preparedQuery("select confirmed_cap from endpoint_range where chain_id = $1")
                .execute(Tuple.of(chainId))
                .await()
                .atMost(Duration.ofSeconds(5));
        assertEquals(1, caps.size(), family + ": one confirmed cap");
        assertEquals(RefusingProvider.LIMIT, caps.iterator().next().getInteger(0), family);
      }
    }
  }
}
