package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.json;
import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import dev.eventstreamer.rules.testing.Suite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * collect, correlate, evaluate and expired together, as aws-lambda-stream's complex event
 * processing: a higher-order event exactly on the event that completes a set, whatever the order;
 * the suffix gate; a time window made of a ttl and its expiry.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class CorrelationTest {

  static final Duration ARRIVAL = Duration.ofSeconds(30);

  @Test
  void anOrderIsCompleteExactlyOnTheEventThatCompletesItsSetWhateverTheOrder() {
    String r = unique("o");
    String types = "[\"%s-created\", \"%s-paid\", \"%s-shipped\"]".formatted(r, r, r);
    rule(
        """
        {"id": "%s", "flavor": "collect", "event_type": %s, "correlation_key": "event.data.order"}
        """
            .formatted(unique("collect"), types));
    String evaluate = unique("complete");
    rule(
        """
        {"id": "%s", "flavor": "evaluate", "event_type": %s,
         "expression": "'%s-created' in correlated.type and '%s-paid' in correlated.type and '%s-shipped' in correlated.type",
         "emit": "%s-complete"}
        """
            .formatted(evaluate, types, r, r, r, r));
    String[][] orders = {
      {"created", "paid", "shipped"}, {"shipped", "created", "paid"}, {"paid", "shipped", "created"}
    };
    try (KafkaTopicReader domain =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS)) {
      for (int i = 0; i < orders.length; i++) {
        String order = r + "-order-" + i;
        for (String step : orders[i]) {
          Suite.domainEvent(
              order,
              r + "-" + step,
              "{\"order\": \"%s\", \"step\": \"%s\"}".formatted(order, step));
        }
      }
      // Two events of an order that never completes.
      String open = r + "-order-open";
      Suite.domainEvent(open, r + "-created", "{\"order\": \"%s\"}".formatted(open));
      Suite.domainEvent(open, r + "-paid", "{\"order\": \"%s\"}".formatted(open));

      domain.await(rec -> (r + "-complete").equals(rec.header("ce_type")), 3, ARRIVAL);
      // Any emit beyond one per order would come with the others: give it the time to.
      List<KafkaTopicReader.Received> complete =
          domain.drainFor(
              rec -> (r + "-complete").equals(rec.header("ce_type")), Duration.ofSeconds(2));
      assertEquals(3, complete.size(), "one per complete order, none for the open one");
      for (int i = 0; i < orders.length; i++) {
        String order = r + "-order-" + i;
        List<KafkaTopicReader.Received> mine =
            complete.stream().filter(rec -> order.equals(rec.key())).toList();
        assertEquals(1, mine.size(), order);
        JsonNode data = json(mine.get(0).value());
        // The emitted event carries the event that completed the set.
        assertEquals(orders[i][2], data.path("step").asText());
        assertTrue(mine.get(0).id().endsWith("." + evaluate), mine.get(0).id());
      }
    }
  }

  @Test
  void correlationsAreEvaluatedByTheirSuffix() {
    String r = unique("s");
    rule(
        """
        {"id": "%s", "flavor": "collect", "event_type": "%s-login", "correlation_key": "event.data.user"}
        """
            .formatted(unique("collect"), r));
    rule(
        """
        {"id": "%s", "flavor": "correlate", "event_type": "%s-login",
         "correlation_key": "event.data.ip", "correlation_key_suffix": "ip"}
        """
            .formatted(unique("by-ip"), r));
    rule(
        """
        {"id": "%s", "flavor": "evaluate", "event_type": "%s-login", "correlation_key_suffix": "ip",
         "expression": "$count($distinct(correlated.data.user)) >= 2", "emit": "%s-shared-ip"}
        """
            .formatted(unique("shared-ip"), r, r));
    // Without a suffix: evaluated on the collected rows only, never on the ip correlations.
    rule(
        """
        {"id": "%s", "flavor": "evaluate", "event_type": "%s-login",
         "expression": "$count(correlated) >= 2", "emit": "%s-second-login"}
        """
            .formatted(unique("second"), r, r));
    String ip = unique("10.0.0");
    try (KafkaTopicReader domain =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS)) {
      Suite.domainEvent(
          "a", r + "-login", "{\"user\": \"alice-%s\", \"ip\": \"%s\"}".formatted(r, ip));
      Suite.domainEvent(
          "b", r + "-login", "{\"user\": \"bob-%s\", \"ip\": \"%s\"}".formatted(r, ip));
      Suite.domainEvent(
          "a", r + "-login", "{\"user\": \"alice-%s\", \"ip\": \"%s\"}".formatted(r, ip));

      List<KafkaTopicReader.Received> shared =
          domain.await(rec -> (r + "-shared-ip").equals(rec.header("ce_type")), 2, ARRIVAL);
      List<KafkaTopicReader.Received> second =
          domain.await(rec -> (r + "-second-login").equals(rec.header("ce_type")), 1, ARRIVAL);
      // The 2nd and 3rd logins share the ip with another user; alice logged in twice.
      assertEquals(2, shared.size());
      assertEquals(ip, shared.get(0).key(), "the correlation key without its suffix");
      assertEquals(1, second.size());
      assertEquals("alice-" + r, second.get(0).key());
    }
  }

  @Test
  void anOrderNotPaidWithinItsTtlTimesOut() {
    String r = unique("w");
    // Orders are kept 3 s (a fraction of a day) and expire; payments and expiries are kept.
    rule(
        """
        {"id": "%s", "flavor": "collect", "event_type": "%s-created", "correlation_key": "event.data.order",
         "ttl": 0.000035, "expire": true}
        """
            .formatted(unique("orders"), r));
    rule(
        """
        {"id": "%s", "flavor": "collect", "event_type": ["%s-paid", "%s-created-expired"],
         "correlation_key": "event.data.order"}
        """
            .formatted(unique("others"), r, r));
    rule(
        """
        {"id": "%s", "flavor": "expired", "event_type": "%s-created"}
        """
            .formatted(unique("expiry"), r));
    rule(
        """
        {"id": "%s", "flavor": "evaluate", "event_type": "%s-created-expired",
         "expression": "$not('%s-paid' in correlated.type)", "emit": "%s-timed-out"}
        """
            .formatted(unique("timeout"), r, r, r));
    String unpaid = r + "-unpaid";
    String paid = r + "-paid-order";
    try (KafkaTopicReader domain =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS)) {
      Suite.domainEvent(unpaid, r + "-created", "{\"order\": \"%s\"}".formatted(unpaid));
      Suite.domainEvent(paid, r + "-created", "{\"order\": \"%s\"}".formatted(paid));
      Suite.domainEvent(paid, r + "-paid", "{\"order\": \"%s\"}".formatted(paid));

      List<KafkaTopicReader.Received> expired =
          domain.await(rec -> (r + "-created-expired").equals(rec.header("ce_type")), 2, ARRIVAL);
      assertEquals(2, expired.size(), "both orders expire");
      List<KafkaTopicReader.Received> timedOut =
          domain.await(rec -> (r + "-timed-out").equals(rec.header("ce_type")), 1, ARRIVAL);
      assertEquals(1, timedOut.size());
      assertEquals(unpaid, json(timedOut.get(0).value()).path("order").asText());
      assertEquals(
          1,
          domain
              .drainFor(
                  rec -> (r + "-timed-out").equals(rec.header("ce_type")), Duration.ofSeconds(2))
              .size(),
          "the paid order does not time out");
    }
  }
}
