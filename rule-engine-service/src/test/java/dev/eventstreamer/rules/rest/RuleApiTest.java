package dev.eventstreamer.rules.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rules as data over HTTP (API.md, Rules): create, read, replace, list, delete. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class RuleApiTest {

  static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String balanceRule(String id) {
    return """
        {"id": "%s", "flavor": "materialize", "description": "credit the receiver",
         "event_type": "Transfer",
         "filters": ["event.data.value != '0'"],
         "to_update_request": "{'key': {'pk': event.data.to, 'sk': 'balance'}, 'add': {'balance': event.data.value}}"}
        """
        .formatted(id);
  }

  static ValidatableResponse post(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/api/rules").then();
  }

  @Test
  void aRuleIsCreatedReadAndRefusedASecondTime() {
    String id = uniqueId("credit");
    post(balanceRule(id))
        .statusCode(201)
        .header("Location", endsWith("/api/rules/" + id))
        .body("id", equalTo(id))
        .body("flavor", equalTo("materialize"))
        .body("enabled", equalTo(true))
        .body("version", equalTo(1))
        .body("event_type", equalTo("Transfer"))
        .body("filters", hasSize(1))
        .body("created_at", matchesPattern(TIMESTAMP))
        .body("updated_at", matchesPattern(TIMESTAMP));

    given()
        .get("/api/rules/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("description", equalTo("credit the receiver"))
        .body("to_update_request", containsString("'add'"))
        .body("version", equalTo(1));

    post(balanceRule(id))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString(id));
    given().get("/api/rules/" + id).then().statusCode(200).body("version", equalTo(1));
  }

  @Test
  void aPutReplacesTheWholeRuleAndCountsTheVersion() {
    String id = uniqueId("large");
    String created =
        post("""
                {"id": "%s", "flavor": "task", "event_type": ["Transfer", "Approval"],
                 "emit": "large-transfer"}
                """
                .formatted(id))
            .statusCode(201)
            .extract()
            .path("created_at");

    // What a client read, sent back changed: the server's fields are its own.
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"id": "%s", "flavor": "task", "event_type": {"regex": "^Trans"}, "enabled": false,
             "emit": "{'type': 'large-transfer', 'value': event.data.value}",
             "version": 99, "created_at": "2000-01-01T00:00:00.000Z"}
            """
                .formatted(id))
        .put("/api/rules/" + id)
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("enabled", equalTo(false))
        .body("event_type.regex", equalTo("^Trans"))
        .body("created_at", equalTo(created));

    var rule = given().get("/api/rules/" + id).then().statusCode(200).extract();
    assertEquals(2, (int) rule.path("version"));
    assertTrue(
        !Instant.parse(rule.path("updated_at")).isBefore(Instant.parse(created)),
        "updated_at is not before created_at");

    // Without an id in the body, the path's.
    given()
        .contentType(ContentType.JSON)
        .body("{\"flavor\": \"task\", \"event_type\": \"Transfer\", \"emit\": \"t\"}")
        .put("/api/rules/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("version", equalTo(3))
        .body("enabled", equalTo(true));

    given()
        .contentType(ContentType.JSON)
        .body("{\"id\": \"other\", \"flavor\": \"task\", \"event_type\": \"T\", \"emit\": \"t\"}")
        .put("/api/rules/" + id)
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("id"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"flavor\": \"task\", \"event_type\": \"T\", \"emit\": \"t\"}")
        .put("/api/rules/" + uniqueId("missing"))
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("not found"));
  }

  @Test
  void aDeletedRuleIsGone() {
    String id = uniqueId("gone");
    post(balanceRule(id)).statusCode(201);
    given().delete("/api/rules/" + id).then().statusCode(204);
    given()
        .get("/api/rules/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("not found"));
    given().delete("/api/rules/" + id).then().statusCode(404);
    // The id is free again.
    post(balanceRule(id)).statusCode(201).body("version", equalTo(1));
  }

  @Test
  void theListingFiltersByFlavorAndEnabledAndPages() {
    String prefix = "page-" + UUID.randomUUID().toString().substring(0, 6);
    for (int i = 0; i < 3; i++) {
      post("""
              {"id": "%s-%d", "flavor": "collect", "event_type": "Transfer", "enabled": %s}
              """
              .formatted(prefix, i, i != 1))
          .statusCode(201);
    }
    post(balanceRule(prefix + "-m")).statusCode(201);

    List<String> collects =
        given()
            .queryParam("flavor", "collect")
            .queryParam("page_size", 100)
            .get("/api/rules")
            .then()
            .statusCode(200)
            .body("page", equalTo(1))
            .body("page_size", equalTo(100))
            .extract()
            .path("rules.id");
    assertTrue(collects.containsAll(List.of(prefix + "-0", prefix + "-1", prefix + "-2")));
    assertTrue(!collects.contains(prefix + "-m"), "only collect rules");

    List<String> disabled =
        given()
            .queryParam("enabled", "false")
            .queryParam("page_size", 100)
            .get("/api/rules")
            .then()
            .statusCode(200)
            .extract()
            .path("rules.id");
    assertTrue(disabled.contains(prefix + "-1"));
    assertTrue(!disabled.contains(prefix + "-0"), "only disabled rules");

    int total = given().get("/api/rules").then().statusCode(200).extract().path("total");
    List<String> pageTwo =
        given()
            .queryParam("page", 2)
            .queryParam("page_size", 1)
            .get("/api/rules")
            .then()
            .statusCode(200)
            .body("total", equalTo(total))
            .body("rules", hasSize(1))
            .extract()
            .path("rules.id");
    List<String> firstTwo =
        given().queryParam("page_size", 2).get("/api/rules").then().extract().path("rules.id");
    assertEquals(firstTwo.get(1), pageTwo.get(0), "pages follow the ids' order");

    given()
        .queryParam("flavor", "lambda")
        .queryParam("enabled", "yes")
        .queryParam("page_size", 0)
        .get("/api/rules")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("flavor"))
        .body("violations.field", hasItem("enabled"))
        .body("violations.field", hasItem("page_size"));
  }

  @Test
  void aBadIdInThePathIsNamed() {
    given()
        .get("/api/rules/Not_An_Id")
        .then()
        .statusCode(400)
        .body("violations[0].in", equalTo("path"))
        .body("violations[0].field", equalTo("id"));
  }

  @Test
  void aRuleWithoutDescriptionHasNone() {
    String id = uniqueId("bare");
    post("{\"id\": \"%s\", \"flavor\": \"cdc\", \"event_type\": \"thing-created\"}".formatted(id))
        .statusCode(201)
        .body("description", nullValue())
        .body("$", not(org.hamcrest.Matchers.hasKey("description")));
  }
}
