package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.json;
import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static dev.eventstreamer.rules.testing.Suite.view;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import dev.eventstreamer.rules.testing.Suite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A failure inside one unit of work is a fault: stored, published on faults with the original
 * CloudEvent, the other events go on; after the rule is fixed, resubmission applies it once.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class FaultTest {

  static final Duration ARRIVAL = Duration.ofSeconds(30);

  static String countRule(String id, String type, String guard) {
    return """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "%s{'key': {'pk': event.data.group, 'sk': 'n-' & event.data.n}, 'set': {'n': event.data.n}}"}
        """
        .formatted(id, type, guard);
  }

  @Test
  void aThrowingExpressionFaultsItsEventOnlyAndResubmissionAppliesItOnceFixed() {
    String type = unique("counted");
    String ruleId = unique("counter");
    String group = unique("group");
    rule(countRule(ruleId, type, "event.data.n = 3 ? $error('three is refused') : "));
    List<String> ids = new ArrayList<>();
    try (KafkaTopicReader faults =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.FAULTS)) {
      for (int n = 1; n <= 5; n++) {
        ids.add(
            Suite.domainEvent(
                group,
                type,
                "{\"group\": \"%s\", \"n\": %d, \"secret\": \"s%d\", \"eem\": {\"fields\": [\"secret\"]}}"
                    .formatted(group, n, n)));
      }
      Awaitility.await().atMost(ARRIVAL).until(() -> view(group, "n-5") != null);
      for (int n : new int[] {1, 2, 4, 5}) {
        assertEquals(n, view(group, "n-" + n).path("data").path("n").asInt());
      }
      assertNull(view(group, "n-3"));

      List<KafkaTopicReader.Received> published =
          faults.await(r -> ruleId.equals(r.key()), 1, ARRIVAL);
      assertEquals(1, published.size());
      assertEquals(EventTypes.FAULT, published.get(0).header("ce_type"));
      JsonNode fault = json(published.get(0).value());
      assertEquals(ruleId, fault.path("rule_id").asText());
      assertEquals("ExpressionError", fault.path("error").path("name").asText());
      assertEquals(ids.get(2), fault.path("record").path("id").asText());
      assertEquals(3, fault.path("record").path("data").path("n").asInt());
      assertEquals(
          "s3", fault.path("record").path("data").path("secret").asText(), "record unchanged");
      assertEquals(
          "[REDACTED]", fault.path("uow").path("event").path("data").path("secret").asText());
      String faultId = fault.path("id").asText();

      given()
          .queryParam("rule_id", ruleId)
          .get("/api/faults")
          .then()
          .statusCode(200)
          .body("total", equalTo(1))
          .body("faults[0].id", equalTo(faultId))
          .body("faults[0].status", equalTo("open"));

      // Resubmitting before the fix fails again: the fault stays open with the error.
      given()
          .post("/api/faults/{id}/resubmit", faultId)
          .then()
          .statusCode(200)
          .body("status", equalTo("open"))
          .body("error.message", containsString("three is refused"))
          .body("resubmitted_at", org.hamcrest.Matchers.notNullValue());

      Suite.replaceRule(ruleId, countRule(ruleId, type, ""));
      given()
          .post("/api/faults/{id}/resubmit", faultId)
          .then()
          .statusCode(200)
          .body("status", equalTo("succeeded"));
      assertEquals(3, view(group, "n-3").path("data").path("n").asInt());

      // A second resubmission changes nothing; neither does the bulk one (no open faults left).
      given()
          .post("/api/faults/{id}/resubmit", faultId)
          .then()
          .body("status", equalTo("succeeded"));
      given()
          .contentType(ContentType.JSON)
          .body("{\"rule_id\": \"" + ruleId + "\"}")
          .post("/api/faults/resubmit")
          .then()
          .statusCode(200)
          .body("resubmitted", equalTo(0));
      given()
          .queryParam("rule_id", ruleId)
          .queryParam("status", "succeeded")
          .get("/api/faults")
          .then()
          .body("total", equalTo(1));
    }
  }

  @Test
  void aConditionFailureIsAFaultOnlyWhenTheRuleAsksAndTheFallbackRunsWhenRefused() {
    String type = unique("reading");
    String strict = unique("strict");
    String lenient = unique("lenient");
    String marker = unique("marker");
    String key = unique("sensor");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s", "throw_condition_failure": true,
         "to_update_request": "{'key': {'pk': event.data.key, 'sk': 'strict'}, 'set': {'v': event.data.v}, 'timestamp': event.data.ts}"}
        """
            .formatted(strict, type));
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "{'key': {'pk': event.data.key, 'sk': 'lenient'}, 'set': {'v': event.data.v}, 'timestamp': event.data.ts}",
         "to_fallback_update_request": "{'key': {'pk': event.data.key, 'sk': 'late'}, 'add': {'count': 1}}"}
        """
            .formatted(lenient, type));
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": "%s", "emit": "%s"}
        """
            .formatted(marker, type, marker));
    try (KafkaTopicReader domain =
            new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS);
        KafkaTopicReader faults =
            new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.FAULTS)) {
      Suite.domainEvent(key, type, "{\"key\": \"%s\", \"v\": 2, \"ts\": 20}".formatted(key));
      String late =
          Suite.domainEvent(key, type, "{\"key\": \"%s\", \"v\": 1, \"ts\": 10}".formatted(key));
      domain.await(r -> (late + "." + marker).equals(r.id()), 1, ARRIVAL);

      assertEquals(2, view(key, "strict").path("data").path("v").asInt());
      assertEquals(2, view(key, "lenient").path("data").path("v").asInt());
      assertEquals(1, view(key, "late").path("data").path("count").asInt());
      List<KafkaTopicReader.Received> strictFaults =
          faults.await(r -> strict.equals(r.key()), 1, ARRIVAL);
      assertEquals(1, strictFaults.size());
      assertEquals(
          "ConditionalCheckFailed",
          json(strictFaults.get(0).value()).path("error").path("name").asText());
      assertEquals(0, faults.drainFor(r -> lenient.equals(r.key()), Duration.ofMillis(500)).size());
    }
  }

  @Test
  void aRunawayExpressionIsAFaultWithinItsBoundAndTheConsumerGoesOn() {
    String type = unique("heavy");
    String ruleId = unique("runaway");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "event.data.heavy = 1 ? {'key': {'pk': $string($sum([1..100000000])), 'sk': 'x'}} : event.data.heavy = 2 ? {'key': {'pk': $string($reduce([1..1000000], function($a, $b) { $a + $sum([1..50]) })), 'sk': 'x'}} : event.data.heavy = 3 ? {'key': {'pk': ($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $string($f(100000))), 'sk': 'x'}} : {'key': {'pk': event.data.key, 'sk': 'ok'}, 'set': {'ok': true}}"}
        """
            .formatted(ruleId, type));
    String key = unique("after");
    try (KafkaTopicReader faults =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.FAULTS)) {
      for (int heavy = 1; heavy <= 3; heavy++) {
        Suite.domainEvent(key, type, "{\"heavy\": " + heavy + "}");
      }
      Suite.domainEvent(key, type, "{\"key\": \"%s\"}".formatted(key));
      Awaitility.await().atMost(ARRIVAL).until(() -> view(key, "ok") != null);
      // A range too large, a computation past the time bound, a recursion past the depth bound.
      List<KafkaTopicReader.Received> published =
          faults.await(r -> ruleId.equals(r.key()), 3, ARRIVAL);
      assertEquals(3, published.size());
      List<String> messages = new ArrayList<>();
      for (KafkaTopicReader.Received r : published) {
        JsonNode fault = json(r.value());
        assertEquals("ExpressionError", fault.path("error").path("name").asText());
        messages.add(fault.path("error").path("message").asText());
      }
      assertTrue(messages.get(0).contains("must not exceed 1e6"), messages.toString());
      assertTrue(messages.get(1).toLowerCase().contains("timeout"), messages.toString());
      assertTrue(messages.get(2).toLowerCase().contains("depth"), messages.toString());
    }
  }
}
