package dev.eventstreamer.subscription.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.subscription.testing.AuthEnabledProfile;
import dev.eventstreamer.subscription.testing.Bodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With subscription.auth.enabled: keys per subscriber, each sees and changes only its own. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class ApiKeyAuthTest {

  @Inject Pool pool;

  private static RequestSpecification admin() {
    return given().header("X-API-Key", AuthEnabledProfile.ADMIN_KEY);
  }

  private static RequestSpecification bearer(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  private static JsonPath newKey(String subscriber) {
    return admin()
        .contentType(ContentType.JSON)
        .body("{\"subscriber_id\":\"" + subscriber + "\",\"name\":\"ci\"}")
        .post("/api/keys")
        .then()
        .statusCode(201)
        .body("key", startsWith("esk_"))
        .body("subscriber_id", equalTo(subscriber))
        .body("revoked_at", nullValue())
        .extract()
        .jsonPath();
  }

  @Test
  void callsWithoutAValidKeyAre401() {
    given()
        .get("/subscriptions")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("detail", equalTo("An API key is required"));
    bearer("esk_made_up")
        .get("/subscriptions")
        .then()
        .statusCode(401)
        .body("detail", containsString("not valid"));
    given()
        .contentType(ContentType.JSON)
        .body(Bodies.transfer("nobody").toString())
        .post("/subscriptions")
        .then()
        .statusCode(401);
    // The standard endpoints stay open.
    given().get("/health").then().statusCode(200);
  }

  @Test
  void eachSubscriberSeesAndChangesOnlyItsOwn() {
    String alice = "alice-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    String aliceKey = newKey(alice).getString("key");
    String bobKey = newKey(bob).getString("key");

    long id =
        bearer(aliceKey)
            .contentType(ContentType.JSON)
            .body(Bodies.transfer(alice).toString())
            .post("/subscriptions")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    bearer(aliceKey)
        .contentType(ContentType.JSON)
        .body(Bodies.transfer(bob).toString())
        .post("/subscriptions")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("cannot act for subscriber " + bob));

    String missing = "Subscription " + id + " not found";
    bearer(bobKey)
        .get("/subscriptions/{id}", id)
        .then()
        .statusCode(404)
        .body("detail", equalTo(missing));
    bearer(bobKey)
        .contentType(ContentType.JSON)
        .body("{\"end_block\": 500}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(404)
        .body("detail", equalTo(missing));
    bearer(bobKey).delete("/subscriptions/{id}", id).then().statusCode(404);
    bearer(bobKey).get("/subscriptions").then().statusCode(200).body("total", equalTo(0));
    bearer(bobKey)
        .queryParam("subscriber_id", alice)
        .get("/subscriptions")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));

    given()
        .header("X-API-Key", aliceKey)
        .get("/subscriptions/{id}", id)
        .then()
        .statusCode(200)
        .body("end_block", nullValue());
    bearer(aliceKey).get("/subscriptions").then().statusCode(200).body("total", equalTo(1));
    bearer(aliceKey)
        .contentType(ContentType.JSON)
        .body("{\"subscriber_id\": \"" + bob + "\"}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(403);
    // The admin key acts for everyone.
    admin().get("/subscriptions/{id}", id).then().statusCode(200);
    bearer(aliceKey).delete("/subscriptions/{id}", id).then().statusCode(204);
  }

  @Test
  void keysAreShownOnceStoredHashedAndRevocable() {
    String carol = "carol-" + UUID.randomUUID();
    JsonPath created = newKey(carol);
    String key = created.getString("key");
    long keyId = created.getLong("id");

    admin()
        .queryParam("subscriber_id", carol)
        .get("/api/keys")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("keys[0]", not(hasKey("key")))
        .body("keys[0].prefix", equalTo(key.substring(0, 12)));
    Row row =
        pool.preparedQuery("select * from api_key where id = $1")
            .execute(Tuple.of(keyId))
            .await()
            .atMost(Duration.ofSeconds(5))
            .iterator()
            .next();
    assertEquals(ApiKeys.hash(key), row.getString("key_hash"));
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      assertFalse(value != null && value.toString().equals(key), "the key itself is not stored");
    }

    bearer(key).get("/subscriptions").then().statusCode(200);
    admin().delete("/api/keys/{id}", keyId).then().statusCode(204);
    bearer(key).get("/subscriptions").then().statusCode(401);
    admin()
        .queryParam("subscriber_id", carol)
        .get("/api/keys")
        .then()
        .body("keys[0].revoked_at", not(nullValue()));
    admin().delete("/api/keys/{id}", 999_999).then().statusCode(404);
  }

  @Test
  void onlyTheAdminKeyManagesKeys() {
    String key = newKey("dave-" + UUID.randomUUID()).getString("key");
    bearer(key)
        .get("/api/keys")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", equalTo("Only the admin key manages API keys"));
    given().get("/api/keys").then().statusCode(401);
    admin()
        .contentType(ContentType.JSON)
        .body("{\"name\": 5}")
        .post("/api/keys")
        .then()
        .statusCode(400)
        .body("violations.field", org.hamcrest.Matchers.hasItems("subscriber_id", "name"));
  }
}
