package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.address;
import static dev.eventstreamer.rules.testing.Suite.json;
import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.transfer;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventSources;
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
 * Emitted events: on domain-events with deterministic ids, back in as input for other rules; event
 * types as a string, a list or a regex found anywhere; filters ANDed with $rule bound.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class EmitTest {

  static final Duration ARRIVAL = Duration.ofSeconds(30);

  @Test
  void aTaskEmitsWithADeterministicIdAndItsEventDrivesOtherRules() {
    String contract = address();
    String large = unique("large-transfer");
    String seen = unique("seen");
    String taskId = unique("large");
    String followId = unique("follow");
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": "Transfer",
         "filters": ["event.data.address = '%s'", "$number(event.data.value) >= 1000 and $rule.id = '%s'"],
         "emit": "%s"}
        """
            .formatted(taskId, contract, taskId, large));
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": ["%s", "never-this"],
         "emit": "{'type': '%s', 'data': {'value': event.data.value, 'source': event.tags.source}}"}
        """
            .formatted(followId, large, seen));
    try (KafkaTopicReader domain =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS)) {
      String small = transfer("77", contract, address(), address(), "999", 1);
      String big = transfer("77", contract, address(), address(), "5000", 2);

      List<KafkaTopicReader.Received> followed =
          domain.await(r -> seen.equals(r.header("ce_type")), 1, ARRIVAL);
      assertEquals(1, followed.size());
      List<KafkaTopicReader.Received> larges =
          domain.await(r -> large.equals(r.header("ce_type")), 1, ARRIVAL);
      assertEquals(1, larges.size(), "only the transfer over the threshold");
      KafkaTopicReader.Received emitted = larges.get(0);
      assertEquals(big + "." + taskId, emitted.id());
      assertEquals(EventSources.RULE_ENGINE_SERVICE, emitted.header("ce_source"));
      assertEquals(contract, emitted.key(), "the trigger's partition key: its contract");
      JsonNode data = json(emitted.value());
      assertEquals("5000", data.path("value").asText(), "the data of the trigger");
      assertEquals("Transfer", data.path("event_name").asText());
      assertTrue(
          domain
              .drainFor(r -> r.id() != null && r.id().startsWith(small), Duration.ZERO)
              .isEmpty());

      KafkaTopicReader.Received follow = followed.get(0);
      assertEquals(big + "." + taskId + "." + followId, follow.id());
      assertEquals("5000", json(follow.value()).path("value").asText());
      assertEquals(EventSources.RULE_ENGINE_SERVICE, json(follow.value()).path("source").asText());
    }
  }

  @Test
  void aRegexIsFoundAnywhereInTheTypeAndAListIsExactMembership() {
    String run = unique("r");
    String out = unique("matched");
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": {"regex": "%s-t(1|3)"}, "emit": "%s"}
        """
            .formatted(unique("regex"), run, out));
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": ["%s-t1", "%s-t2"], "emit": "%s-list"}
        """
            .formatted(unique("list"), run, run, out));
    try (KafkaTopicReader domain =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS)) {
      Suite.domainEvent("k", "x" + run + "-t1-created", "{}");
      Suite.domainEvent("k", run + "-t2", "{}");
      Suite.domainEvent("k", run + "-t3", "{}");
      Suite.domainEvent("k", run + "-x1", "{}");
      Suite.domainEvent("k", run + "-t1", "{}");
      List<KafkaTopicReader.Received> byRegex =
          domain.await(r -> out.equals(r.header("ce_type")), 3, ARRIVAL);
      List<KafkaTopicReader.Received> byList =
          domain.await(r -> (out + "-list").equals(r.header("ce_type")), 2, ARRIVAL);
      // t1 inside a longer type, t3 and t1: three; x1 and t2 do not match the regex.
      assertEquals(3, byRegex.size());
      // t2 and t1 exactly; "x...-t1-created" is no member.
      assertEquals(2, byList.size());
    }
  }
}
