package dev.eventstreamer.stream.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.stream.testing.Chains;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.RefusingProvider;
import dev.eventstreamer.stream.testing.RefusingProvider.Outage;
import dev.eventstreamer.stream.testing.StreamClient;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A stream whose chain cannot be read for now: its client is told why (RATE_LIMITED while every
 * endpoint rate limits, CIRCUIT_BREAKER_OPEN once the gateway's breakers open), as recoverable
 * errors on the open stream, which goes on and carries the new events once the provider is back.
 */
@QuarkusTest
class IngestionBlockedTest {

  static {
    StreamTestResources.class.getName();
  }

  static final Duration WAIT = Duration.ofSeconds(90);
  static final long CHAIN = 42_100;

  @Inject Pool pool;

  @TestHTTPResource("/")
  URL base;

  DevChain chain = DevChain.shared();

  @Test
  void clientsAreToldWhyIngestionWaitsAndTheStreamGoesOnAfterwards() throws Exception {
    try (RefusingProvider provider = new RefusingProvider(chain.rpcUrl())) {
      Chains.register(CHAIN, provider.url("switchable"), 0, 10_000);
      TestToken token = chain.deployToken();
      long start = chain.blockNumber();
      String to = chain.accounts().get(4);
      token.emitTransfers(to, 5);
      long subscription = Subscriptions.create(CHAIN, token.address(), start, null);
      EventLog log = new EventLog(pool);
      Awaitility.await().atMost(WAIT).until(() -> log.count(subscription) == 5);

      String url = base + "subscriptions/" + subscription + "/stream";
      try (StreamClient stream = StreamClient.open(url, null)) {
        stream.batchesUntil(5, WAIT);

        provider.switchable(Outage.RATE_LIMITED);
        JsonNode limited = stream.nextOf("error", WAIT).json();
        assertEquals("RATE_LIMITED", limited.path("error_code").asText());
        assertTrue(limited.path("recoverable").asBoolean(), "a wait, not an end: " + limited);
        assertTrue(
            limited.path("error_message").asText().contains("chain " + CHAIN), limited.toString());

        provider.switchable(Outage.DOWN);
        JsonNode open = stream.nextOf("error", WAIT).json();
        assertEquals("CIRCUIT_BREAKER_OPEN", open.path("error_code").asText());
        assertTrue(open.path("recoverable").asBoolean());

        // A client connecting while the block lasts is told at once.
        try (StreamClient late = StreamClient.open(url, null)) {
          JsonNode told = late.nextOf("error", Duration.ofSeconds(5)).json();
          assertEquals("CIRCUIT_BREAKER_OPEN", told.path("error_code").asText());
          assertTrue(told.path("recoverable").asBoolean());
        }
      }
      // The late client took the stream over; a new one reads on after the provider is back.
      provider.switchable(Outage.NONE);
      token.emitTransfers(to, 3);
      try (StreamClient stream = StreamClient.open(url, null)) {
        assertEquals(8, countEvents(stream.batchesUntil(8, WAIT)));
      }
    }
  }

  private static int countEvents(java.util.List<StreamClient.Received> batches) {
    return batches.stream().mapToInt(b -> b.json().path("batch_size").asInt()).sum();
  }
}
