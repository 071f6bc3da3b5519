package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.json;
import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static dev.eventstreamer.rules.testing.Suite.view;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The flavors that run on the changes of views: cdc and update. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class ChangeTriggerTest {

  static final Duration ARRIVAL = Duration.ofSeconds(30);

  @Test
  void cdcTurnsViewChangesIntoEventsAndSkipsLatchedItems() {
    String r = unique("c");
    String disc = r + "-thing";
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s-upsert",
         "to_update_request": "{'key': {'pk': event.data.id, 'sk': 'thing'}, 'discriminator': '%s', 'set': {'name': event.data.name, 'deleted': event.data.gone = true, 'latched': event.data.quiet = true}}"}
        """
            .formatted(unique("things"), r, disc));
    rule(
        """
        {"id": "%s", "flavor": "cdc", "event_type": {"regex": "^%s-"},
         "to_event": "event.data.name = 'silent' ? null : {'data': {'name': event.data.name, 'kind': event.type}}"}
        """
            .formatted(unique("publish"), disc));
    String thing = unique("thing");
    try (KafkaTopicReader domain =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS)) {
      upsert(r, thing, "{\"name\": \"a\"}");
      upsert(r, thing, "{\"name\": \"b\"}");
      upsert(r, thing, "{\"name\": \"silent\"}");
      upsert(r, thing, "{\"name\": \"q\", \"quiet\": true}");
      upsert(r, thing, "{\"name\": \"gone\", \"gone\": true}");
      upsert(r, thing, "{\"name\": \"back\"}");

      List<KafkaTopicReader.Received> events =
          domain.await(
              rec -> rec.header("ce_type") != null && rec.header("ce_type").startsWith(disc),
              4,
              ARRIVAL);
      List<String> types = events.stream().map(rec -> rec.header("ce_type")).toList();
      assertEquals(
          List.of(disc + "-created", disc + "-updated", disc + "-deleted", disc + "-undeleted"),
          types);
      assertEquals("a", json(events.get(0).value()).path("name").asText());
      assertEquals(disc + "-created", json(events.get(0).value()).path("kind").asText());
      assertEquals(thing, events.get(0).key());
    }
  }

  private static void upsert(String r, String id, String fields) {
    String data = fields.replace("{", "{\"id\": \"" + id + "\", ");
    Suite.domainEvent(id, r + "-upsert", data);
  }

  @Test
  void anUpdateRuleReadsRelatedItemsAndWritesEachOfThem() {
    String r = unique("u");
    // Line items of an order, and a rule that marks every item of an order shipped.
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s-item",
         "to_update_request": "{'key': {'pk': event.data.order, 'sk': 'item-' & event.data.sku}, 'discriminator': 'item', 'set': {'sku': event.data.sku, 'status': 'open'}}"}
        """
            .formatted(unique("items"), r));
    rule(
        """
        {"id": "%s", "flavor": "update", "event_type": "%s-shipped",
         "to_query_request": "{'pk': event.data.order, 'sk_prefix': 'item-'}",
         "split_on": "query_response",
         "to_update_request": "{'key': {'pk': split.pk, 'sk': split.sk}, 'set': {'status': 'shipped', 'of': split_on_total, 'latched': true}}"}
        """
            .formatted(unique("ship"), r));
    String order = unique("order");
    for (String sku : new String[] {"a", "b", "c"}) {
      Suite.domainEvent(
          order, r + "-item", "{\"order\": \"%s\", \"sku\": \"%s\"}".formatted(order, sku));
    }
    Awaitility.await().atMost(ARRIVAL).until(() -> view(order, "item-c") != null);
    Suite.domainEvent(order, r + "-shipped", "{\"order\": \"%s\"}".formatted(order));
    Awaitility.await()
        .atMost(ARRIVAL)
        .until(() -> "shipped".equals(view(order, "item-c").path("data").path("status").asText()));
    for (String sku : new String[] {"a", "b", "c"}) {
      JsonNode item = view(order, "item-" + sku);
      assertEquals("shipped", item.path("data").path("status").asText());
      assertEquals(3, item.path("data").path("of").asInt());
      assertEquals(true, item.path("latched").asBoolean());
    }
  }
}
