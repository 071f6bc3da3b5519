package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.address;
import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.transfer;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static dev.eventstreamer.rules.testing.Suite.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import dev.eventstreamer.rules.testing.Suite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * materialize over the chain's logs, as the demo's balance rules: views kept exact at uint256 size,
 * each event applied once however often it is delivered, an older event never over a newer view.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class MaterializeTest {

  static final Duration ARRIVAL = Duration.ofSeconds(30);
  static final String ZERO = "0x0000000000000000000000000000000000000000";

  static void balanceRules(String contract, String suffix) {
    rule(
        """
        {"id": "credit-%s", "flavor": "materialize", "event_type": "Transfer",
         "filters": ["event.data.address = '%s'", "event.data.to != '%s'"],
         "to_update_request": "{'key': {'pk': event.data.to, 'sk': 'token-balance'}, 'discriminator': 'balance', 'add': {'balance': event.data.value}}"}
        """
            .formatted(suffix, contract, ZERO));
    rule(
        """
        {"id": "debit-%s", "flavor": "materialize", "event_type": "Transfer",
         "filters": ["event.data.address = '%s'", "event.data.from != '%s'"],
         "to_update_request": "{'key': {'pk': event.data.from, 'sk': 'token-balance'}, 'discriminator': 'balance', 'add': {'balance': '-' & event.data.value}}"}
        """
            .formatted(suffix, contract, ZERO));
  }

  static BigInteger balance(String account) {
    JsonNode item = view(account, "token-balance");
    return item == null ? null : new BigInteger(item.path("data").path("balance").asText());
  }

  @Test
  void balancesAreExactAtUint256SizeAndARedeliveredLogCountsOnce() {
    String contract = address();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    balanceRules(contract, suffix);
    String subscription = Long.toString(System.nanoTime() % 1_000_000);
    String a = address();
    String b = address();
    String c = address();
    String d = address();
    BigInteger v1 = BigInteger.TWO.pow(200).add(BigInteger.valueOf(7));
    BigInteger v2 = BigInteger.TWO.pow(199).add(BigInteger.ONE);
    BigInteger v3 =
        new BigInteger(
            "115792089237316195423570985008687907853269984665640564039457584007913129639935");

    transfer(subscription, contract, ZERO, a, v1.add(v3).toString(), 1);
    transfer(subscription, contract, a, b, v1.toString(), 2);
    String twice = UUID.randomUUID().toString();
    String body =
        """
        {"event_name": "Transfer", "from": "%s", "to": "%s", "value": "%s", "block_number": 3,
         "transaction_hash": "0x01", "log_index": 0, "address": "%s", "chain_id": 31337,
         "timestamp": "2026-12-07T10:00:00Z", "subscription_id": %s}
        """
            .formatted(b, c, v2, contract, subscription);
    OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
    Suite.publish(
        Channels.CHAIN_EVENTS,
        subscription,
        twice,
        EventTypes.CHAIN_LOG,
        EventSources.STREAM_SERVICE,
        time,
        body);
    // The broker delivers it again, as after a consumer's crash before its commit.
    Suite.publish(
        Channels.CHAIN_EVENTS,
        subscription,
        twice,
        EventTypes.CHAIN_LOG,
        EventSources.STREAM_SERVICE,
        time,
        body);
    transfer(subscription, contract, a, c, v3.toString(), 4);
    // Logs of one subscription come in order: once d's balance is there, all before it are too.
    transfer(subscription, contract, a, d, "1", 5);

    Awaitility.await().atMost(ARRIVAL).until(() -> balance(d) != null);
    assertEquals(BigInteger.ONE.negate(), balance(a));
    assertEquals(v1.subtract(v2), balance(b));
    assertEquals(v2.add(v3), balance(c));
    assertEquals(BigInteger.ONE, balance(d));
    JsonNode item = view(c, "token-balance");
    assertEquals("balance", item.path("discriminator").asText());
    assertNotNull(item.path("updated_at").asText(null));
  }

  @Test
  void anOlderEventNeverOverwritesANewerView() {
    String type = unique("price");
    String marker = unique("seen");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "{'key': {'pk': event.data.item, 'sk': 'price'}, 'set': {'price': event.data.price}, 'timestamp': event.data.ts}"}
        """
            .formatted(unique("price-view"), type));
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": "%s", "emit": "%s"}
        """
            .formatted(marker, type, marker));
    String item = unique("item");
    try (KafkaTopicReader domain =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS)) {
      Suite.domainEvent(item, type, "{\"item\": \"%s\", \"price\": 50, \"ts\": 5}".formatted(item));
      String older =
          Suite.domainEvent(
              item, type, "{\"item\": \"%s\", \"price\": 30, \"ts\": 3}".formatted(item));
      // The marker rule runs in the same transaction: once its event is out, the older is applied.
      domain.await(r -> (older + "." + marker).equals(r.id()), 1, ARRIVAL);
      JsonNode view = view(item, "price");
      assertEquals(50, view.path("data").path("price").asInt());
      assertEquals(5, view.path("timestamp").asLong());

      String newer =
          Suite.domainEvent(
              item, type, "{\"item\": \"%s\", \"price\": 90, \"ts\": 9}".formatted(item));
      List<KafkaTopicReader.Received> seen =
          domain.await(r -> (newer + "." + marker).equals(r.id()), 1, ARRIVAL);
      assertEquals(1, seen.size());
      assertEquals(90, view(item, "price").path("data").path("price").asInt());
    }
  }
}
