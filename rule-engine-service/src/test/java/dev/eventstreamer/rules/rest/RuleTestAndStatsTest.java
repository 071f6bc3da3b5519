package dev.eventstreamer.rules.rest;

import static dev.eventstreamer.rules.testing.Suite.rule;
import static dev.eventstreamer.rules.testing.Suite.unique;
import static dev.eventstreamer.rules.testing.Suite.view;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import dev.eventstreamer.rules.testing.Suite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** /test (what a rule would do, nothing written), /stats, and the 4xx of views and faults. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class RuleTestAndStatsTest {

  static String event(String id, String type, String data) {
    return """
        {"specversion": "1.0", "id": "%s", "source": "/client", "type": "%s",
         "time": "2026-12-07T10:00:00Z", "datacontenttype": "application/json", "data": %s}
        """
        .formatted(id, type, data);
  }

  @Test
  void testSaysWhatTheRuleWouldDoAndWritesNothing() {
    String type = unique("score");
    String id = unique("scorer");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s", "filters": ["event.data.points > 0"],
         "to_update_request": "event.data.points = 13 ? $error('unlucky') : {'key': {'pk': event.data.player, 'sk': 'score'}, 'add': {'points': event.data.points}}"}
        """
            .formatted(id, type));
    String player = unique("player");
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"events\": ["
                + event("e1", type, "{\"player\": \"" + player + "\", \"points\": 5}")
                + ","
                + event("e2", type, "{\"player\": \"" + player + "\", \"points\": 0}")
                + ","
                + event("e3", type, "{\"player\": \"" + player + "\", \"points\": 13}")
                + ","
                + event("e4", "other", "{}")
                + "]}")
        .post("/api/rules/{id}/test", id)
        .then()
        .statusCode(200)
        .body("matched", equalTo(true))
        .body("results", hasSize(4))
        .body("results[0].matched", equalTo(true))
        .body("results[0].requests[0].kind", equalTo("update"))
        .body("results[0].requests[0].request.add.points", equalTo(5))
        .body("results[1].matched", equalTo(false))
        .body("results[2].faults[0].name", equalTo("ExpressionError"))
        .body("results[2].faults[0].message", containsString("unlucky"))
        .body("results[3].matched", equalTo(false));
    assertNull(view(player, "score"), "a test writes nothing");
    given().queryParam("rule_id", id).get("/api/faults").then().body("total", equalTo(0));
  }

  @Test
  void statsCountWhatARuleSawDidAndFailed() {
    String type = unique("hit");
    String id = unique("hits");
    rule(
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "event.data.n = 2 ? $error('no') : {'key': {'pk': '%s', 'sk': 'n' & event.data.n}, 'set': {'n': event.data.n}}"}
        """
            .formatted(id, type, id));
    for (int n = 1; n <= 3; n++) {
      Suite.domainEvent(id, type, "{\"n\": %d}".formatted(n));
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> view(id, "n3") != null);
    given()
        .get("/api/rules/{id}/stats", id)
        .then()
        .statusCode(200)
        .body("matched", equalTo(3))
        .body("written", equalTo(2))
        .body("faults", equalTo(1))
        .body("emitted", equalTo(0))
        .body("last_event_at", org.hamcrest.Matchers.notNullValue());
    int received = given().get("/api/rules/{id}/stats", id).then().extract().path("received");
    assertEquals(true, received >= 3, "every event the rule saw, matching or not");
    given().get("/api/rules/{id}/stats", unique("absent")).then().statusCode(404);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("rules_written_total{rule=\"" + id + "\"} 2.0"), metrics);
    assertTrue(metrics.contains("rules_faults_total{rule=\"" + id + "\"} 1.0"), metrics);
    assertTrue(metrics.contains("rules_latency_seconds_count{rule=\"" + id + "\"} 3"), metrics);
  }

  @Test
  void badRequestsToViewsFaultsAndTestAreClear4xx() {
    given()
        .get("/api/faults/not-a-uuid")
        .then()
        .statusCode(400)
        .contentType(containsString("problem+json"))
        .body("violations[0].field", equalTo("id"));
    given().get("/api/faults/{id}", java.util.UUID.randomUUID()).then().statusCode(404);
    given()
        .queryParam("status", "closed")
        .queryParam("page_size", "0")
        .get("/api/faults")
        .then()
        .statusCode(400)
        .body("violations", hasSize(2));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/faults/resubmit")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("rule_id"));
    given().get("/api/views/{pk}/{sk}", unique("nobody"), "x").then().statusCode(404);
    given()
        .get("/api/views/{pk}", unique("nobody"))
        .then()
        .statusCode(200)
        .body("items", hasSize(0));

    String id = unique("t");
    rule(
        """
        {"id": "%s", "flavor": "task", "event_type": "x", "emit": "y"}
        """
            .formatted(id));
    given()
        .contentType(ContentType.JSON)
        .body("{\"events\": [{\"id\": \"1\"}, 3]}")
        .post("/api/rules/{id}/test", id)
        .then()
        .statusCode(400)
        .body("violations", hasSize(2))
        .body("violations[0].field", equalTo("events[0]"))
        .body("violations[1].field", equalTo("events[1]"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/rules/{id}/test", id)
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("{\"event\": " + event("e", "x", "{}") + "}")
        .post("/api/rules/{id}/test", unique("absent"))
        .then()
        .statusCode(404);
  }
}
