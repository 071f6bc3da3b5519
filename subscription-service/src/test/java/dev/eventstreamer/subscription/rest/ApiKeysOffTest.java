package dev.eventstreamer.subscription.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Authentication off (the default): subscription calls need nothing, key management is closed. */
@QuarkusTest
class ApiKeysOffTest {

  @Test
  void keyManagementNeedsAConfiguredAdminKey() {
    given()
        .header("X-API-Key", "anything")
        .get("/api/keys")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("subscription.auth.admin-key"));
    given().get("/subscriptions").then().statusCode(200);
  }
}
