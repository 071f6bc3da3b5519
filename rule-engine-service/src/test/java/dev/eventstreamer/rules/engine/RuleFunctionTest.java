package dev.eventstreamer.rules.engine;

import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static dev.eventstreamer.rules.testing.Suite.view;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.service.RuleFunction;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import dev.eventstreamer.rules.testing.Suite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A CDI bean standing in for a rule's expression. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class RuleFunctionTest {

  /** Writes three times the event's n, under the rule's own description. */
  @ApplicationScoped
  @Identifier("tripled")
  public static class Tripled implements RuleFunction {
    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Map<String, Object> uow, Map<String, Object> rule) {
      Map<String, Object> event = (Map<String, Object>) uow.get("event");
      Map<String, Object> data = (Map<String, Object>) event.get("data");
      long n = ((Number) data.get("n")).longValue();
      return Map.of(
          "key", Map.of("pk", event.get("partition_key"), "sk", rule.get("description")),
          "set", Map.of("n", n * 3));
    }
  }

  @Test
  void aBeanNamedByTheRuleComputesItsRequest() {
    String type = unique("bean");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s", "description": "tripled",
         "to_update_request": {"bean": "tripled"}}
        """
            .formatted(unique("java"), type));
    String key = unique("k");
    Suite.domainEvent(key, type, "{\"n\": 14}");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> view(key, "tripled") != null);
    assertEquals(42, view(key, "tripled").path("data").path("n").asInt());
  }

  @Test
  void aRuleNamingNoBeanIsRefused() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"id": "%s", "flavor": "materialize", "event_type": "x",
             "to_update_request": {"bean": "nobody"}}
            """
                .formatted(unique("java")))
        .post("/api/rules")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("to_update_request.bean"))
        .body("violations[0].message", containsString("nobody"));
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"id": "%s", "flavor": "materialize", "event_type": "x",
             "to_update_request": {"bean": "tripled", "extra": 1}}
            """
                .formatted(unique("java")))
        .post("/api/rules")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("to_update_request"));
  }
}
