package dev.eventstreamer.subscription.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.subscription.testing.Bodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionResourceTest {

  private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  private static final Set<String> RESPONSE_FIELDS =
      Set.of(
          "id",
          "topic0",
          "event_signature",
          "addresses",
          "start_block",
          "end_block",
          "chain_id",
          "subscriber_id",
          "last_processed_block",
          "is_streaming",
          "streaming_status",
          "resume_token",
          "last_event_id",
          "events_delivered",
          "created_at",
          "updated_at");

  @Inject Pool pool;

  static String subscriber() {
    return "sub-" + UUID.randomUUID();
  }

  static JsonPath create(ObjectNode body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body.toString())
        .post("/subscriptions")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  @Test
  void createAnswersEveryFieldOfSubscriptionResponse() {
    String subscriber = subscriber();
    ObjectNode body = Bodies.transfer(subscriber);
    body.put("something_new", "clients send extras");
    body.put("topic0", Bodies.TRANSFER_TOPIC0.toUpperCase().replace("0X", "0x"));

    var response =
        given()
            .contentType(ContentType.JSON)
            .body(body.toString())
            .post("/subscriptions")
            .then()
            .statusCode(201)
            .contentType(ContentType.JSON)
            .body("topic0", equalTo(Bodies.TRANSFER_TOPIC0))
            .body("event_signature.name", equalTo("Transfer"))
            .body("event_signature.inputs[0].type", equalTo("address"))
            .body("event_signature.inputs[0].indexed", equalTo(true))
            .body("addresses", contains(Bodies.WETH))
            .body("start_block", equalTo(100))
            .body("end_block", nullValue())
            .body("chain_id", equalTo(1))
            .body("subscriber_id", equalTo(subscriber))
            .body("last_processed_block", nullValue())
            .body("is_streaming", equalTo(false))
            .body("streaming_status", equalTo("idle"))
            .body("resume_token", nullValue())
            .body("last_event_id", nullValue())
            .body("events_delivered", equalTo(0))
            .body("created_at", matchesPattern(TIMESTAMP))
            .body("updated_at", matchesPattern(TIMESTAMP))
            .extract();
    Map<String, Object> json = response.jsonPath().getMap("");
    assertEquals(RESPONSE_FIELDS, json.keySet(), "exactly the fields of SubscriptionResponse");
    long id = response.jsonPath().getLong("id");
    assertEquals(
        "/subscriptions/" + id, java.net.URI.create(response.header("Location")).getPath());
    assertEquals(json.get("created_at"), json.get("updated_at"));

    // A later read answers the same document.
    Map<String, Object> read =
        given()
            .get("/subscriptions/{id}", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("");
    assertEquals(json, read);
  }

  @Test
  void addressesAreDeduplicatedStoredLowercaseAndReturnedChecksummed() {
    ObjectNode body = Bodies.transfer(subscriber());
    String usdc = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    body.putArray("addresses")
        .add(Bodies.WETH)
        .add(Bodies.WETH_LOWER)
        .add(usdc)
        .add(usdc.toUpperCase().replace("0X", "0x"));
    JsonPath created = create(body);
    assertEquals(
        List.of(Bodies.WETH, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
        created.getList("addresses"));
    String stored =
        pool.preparedQuery("select addresses from subscription where id = $1")
            .execute(Tuple.of(created.getLong("id")))
            .await()
            .atMost(Duration.ofSeconds(5))
            .iterator()
            .next()
            .getString(0);
    assertEquals("[\"" + Bodies.WETH_LOWER + "\",\"" + usdc + "\"]", stored);
  }

  @Test
  void emptyOrAbsentAddressesMeanAnyContract() {
    ObjectNode body = Bodies.transfer(subscriber());
    body.remove("addresses");
    body.remove("end_block");
    JsonPath created = create(body);
    assertTrue(created.getList("addresses").isEmpty());
    assertEquals(null, (Object) created.get("end_block"));
  }

  @Test
  void stringsAreStoredVerbatimWhateverTheirCharacters() {
    String subscriber = "o'brien\"; drop table subscription; -- \u00e9\u4e16\ud83d\ude00";
    JsonPath created = create(Bodies.transfer(subscriber));
    given()
        .queryParam("subscriber_id", subscriber)
        .get("/subscriptions/{id}", created.getLong("id"))
        .then()
        .statusCode(200)
        .body("subscriber_id", equalTo(subscriber));
    given()
        .queryParam("subscriber_id", subscriber)
        .get("/subscriptions")
        .then()
        .statusCode(200)
        .body("total", equalTo(1));
  }

  @Test
  void anonymousEventNeedsNoMatchingTopic0AndMayIndexFour() {
    ObjectNode body = Bodies.transfer(subscriber());
    ObjectNode signature = (ObjectNode) body.get("event_signature");
    signature.put("anonymous", true);
    ((ObjectNode) signature.get("inputs").get(2)).put("indexed", true);
    signature
        .withArray("inputs")
        .addObject()
        .put("name", "memo")
        .put("type", "bytes32")
        .put("indexed", true);
    body.put("topic0", "0x" + "ab".repeat(32));
    JsonPath created = create(body);
    assertEquals(true, created.getBoolean("event_signature.anonymous"));
  }

  @Test
  void tupleEventsAreAccepted() throws Exception {
    ObjectNode body = Bodies.transfer(subscriber());
    body.set(
        "event_signature",
        Bodies.json()
            .readTree(
                "{\"type\":\"event\",\"name\":\"Swap\",\"inputs\":[{\"name\":\"sender\",\"type\":\"address\",\"indexed\":true},"
                    + "{\"name\":\"legs\",\"type\":\"tuple[]\",\"components\":[{\"name\":\"amount\",\"type\":\"uint256\"},{\"name\":\"pool\",\"type\":\"bytes32\"}]},"
                    + "{\"name\":\"tick\",\"type\":\"int24\"}]}"));
    // keccak256("Swap(address,(uint256,bytes32)[],int24)")
    String response =
        given()
            .contentType(ContentType.JSON)
            .body(body.toString())
            .post("/subscriptions")
            .then()
            .statusCode(400)
            .body("violations.field", hasItem("topic0"))
            .body("detail", containsString("Swap(address,(uint256,bytes32)[],int24)"))
            .extract()
            .jsonPath()
            .getString("violations[0].message");
    String expected = response.replaceAll(".*expected (0x[0-9a-f]{64}).*", "$1");
    body.put("topic0", expected);
    create(body);
  }

  @Test
  void getWithAnotherSubscriberAnswersLikeAMissingSubscription() {
    String owner = subscriber();
    long id = create(Bodies.transfer(owner)).getLong("id");
    given()
        .queryParam("subscriber_id", owner)
        .get("/subscriptions/{id}", id)
        .then()
        .statusCode(200)
        .body("id", equalTo((int) id));
    String other =
        given()
            .queryParam("subscriber_id", "someone-else")
            .get("/subscriptions/{id}", id)
            .then()
            .statusCode(404)
            .contentType("application/problem+json")
            .body("detail", equalTo("Subscription " + id + " not found"))
            .extract()
            .asString();
    String missing =
        given()
            .get("/subscriptions/{id}", 999_999_999)
            .then()
            .statusCode(404)
            .body("detail", equalTo("Subscription 999999999 not found"))
            .extract()
            .asString();
    assertEquals(
        other.replace(Long.toString(id), "N"),
        missing.replace("999999999", "N"),
        "another subscriber's subscription must look exactly like a missing one");
  }

  @Test
  void listPagesByIdWithTotalAndSubscriberFilter() {
    String subscriber = subscriber();
    List<Long> ids =
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(i -> create(Bodies.transfer(subscriber)).getLong("id"))
            .toList();
    create(Bodies.transfer(subscriber()));

    JsonPath first =
        given()
            .queryParam("subscriber_id", subscriber)
            .queryParam("page_size", 2)
            .get("/subscriptions")
            .then()
            .statusCode(200)
            .body("total", equalTo(5))
            .body("page", equalTo(1))
            .body("page_size", equalTo(2))
            .extract()
            .jsonPath();
    assertEquals(ids.subList(0, 2), first.getList("subscriptions.id", Long.class));
    assertEquals(
        ids.subList(4, 5),
        given()
            .queryParam("subscriber_id", subscriber)
            .queryParam("page_size", 2)
            .queryParam("page", 3)
            .get("/subscriptions")
            .then()
            .statusCode(200)
            .body("page", equalTo(3))
            .extract()
            .jsonPath()
            .getList("subscriptions.id", Long.class));
    given()
        .queryParam("subscriber_id", subscriber)
        .queryParam("page", 9)
        .get("/subscriptions")
        .then()
        .statusCode(200)
        .body("subscriptions", empty())
        .body("total", equalTo(5))
        .body("page_size", equalTo(20));
    // Without a filter: every subscriber's, ordered by id, each in the full response shape.
    JsonPath all =
        given()
            .queryParam("page_size", 100)
            .get("/subscriptions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Long> allIds = all.getList("subscriptions.id", Long.class);
    assertEquals(allIds.stream().sorted().toList(), allIds);
    assertTrue(all.getLong("total") >= 6);
    assertEquals(RESPONSE_FIELDS, all.getMap("subscriptions[0]").keySet());
  }

  @Test
  void listRejectsBadPaging() {
    given()
        .queryParam("page_size", 101)
        .queryParam("page", 0)
        .get("/subscriptions")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", contains("page", "page_size"))
        .body("violations.in", contains("query", "query"));
    given()
        .queryParam("page", Integer.MAX_VALUE)
        .get("/subscriptions")
        .then()
        .statusCode(400)
        .body("violations[0].message", equalTo("must be an integer from 1 to 10000000"));
    given()
        .queryParam("page", 10_000_000)
        .queryParam("page_size", 100)
        .get("/subscriptions")
        .then()
        .statusCode(200)
        .body("subscriptions", empty());
    given()
        .queryParam("page", "two")
        .get("/subscriptions")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("page"));
  }

  @Test
  void updateChangesOnlyTheFieldsSentAndNullClears() throws Exception {
    JsonPath created = create(Bodies.transfer(subscriber()));
    long id = created.getLong("id");
    Thread.sleep(5);

    JsonPath updated =
        given()
            .contentType(ContentType.JSON)
            .body("{\"end_block\": 500, \"unknown\": [1,2]}")
            .put("/subscriptions/{id}", id)
            .then()
            .statusCode(200)
            .body("end_block", equalTo(500))
            .extract()
            .jsonPath();
    Map<String, Object> before = created.getMap("");
    Map<String, Object> after = updated.getMap("");
    for (String field : RESPONSE_FIELDS) {
      if (!Set.of("end_block", "updated_at").contains(field)) {
        assertEquals(before.get(field), after.get(field), field + " must not change");
      }
    }
    assertNotEquals(before.get("updated_at"), after.get("updated_at"));

    given()
        .contentType(ContentType.JSON)
        .body("{\"end_block\": null, \"addresses\": null, \"start_block\": 7}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(200)
        .body("end_block", nullValue())
        .body("addresses", empty())
        .body("start_block", equalTo(7));
    given()
        .get("/subscriptions/{id}", id)
        .then()
        .body("end_block", nullValue())
        .body("addresses", empty())
        .body("start_block", equalTo(7))
        .body("topic0", equalTo(Bodies.TRANSFER_TOPIC0));
  }

  @Test
  void updateChecksRulesOnTheResult() {
    long id = create(Bodies.transfer(subscriber())).getLong("id");
    // start_block 100 is stored: an end before it is wrong though start_block was not sent.
    given()
        .contentType(ContentType.JSON)
        .body("{\"end_block\": 99}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("end_block"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"topic0\": \"0x" + "11".repeat(32) + "\"}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("topic0"))
        .body("detail", containsString("Transfer(address,address,uint256)"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"event_signature\": {\"type\":\"event\",\"name\":\"Approval\",\"inputs\":[]}}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("event_signature"))
        .body("detail", containsString("Approval()"));
    given().get("/subscriptions/{id}", id).then().body("end_block", nullValue());
  }

  @Test
  void definitionIsFixedOnceStreamingStarted() {
    long id = create(Bodies.transfer(subscriber())).getLong("id");
    given()
        .contentType(ContentType.JSON)
        .body("{\"is_streaming\": true, \"streaming_status\": \"live\"}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(200)
        .body("is_streaming", equalTo(true))
        .body("streaming_status", equalTo("live"));

    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"chain_id\": 1, \"start_block\": 5, \"topic0\": \"" + Bodies.TRANSFER_TOPIC0 + "\"}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("start_block"))
        .body("detail", containsString("started streaming"));
    // Fields sent with their current values, and the mutable ones, still go through.
    given()
        .contentType(ContentType.JSON)
        .body(
            Bodies.transfer("same-owner")
                .put("end_block", 900)
                .put("subscriber_id", "new-owner")
                .toString())
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(200)
        .body("end_block", equalTo(900))
        .body("subscriber_id", equalTo("new-owner"))
        .body("start_block", equalTo(100));
    // Stopped and idle again: the definition may change.
    given()
        .contentType(ContentType.JSON)
        .body("{\"is_streaming\": false, \"streaming_status\": \"idle\"}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body("{\"start_block\": 5}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(200)
        .body("start_block", equalTo(5));
  }

  @Test
  void deleteAnswers204AndTheSubscriptionIsGone() {
    long id = create(Bodies.transfer(subscriber())).getLong("id");
    given().delete("/subscriptions/{id}", id).then().statusCode(204);
    given()
        .get("/subscriptions/{id}", id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("Subscription " + id + " not found"));
    given().delete("/subscriptions/{id}", id).then().statusCode(404);
    given()
        .contentType(ContentType.JSON)
        .body("{\"end_block\": 900}")
        .put("/subscriptions/{id}", id)
        .then()
        .statusCode(404)
        .body("detail", equalTo("Subscription " + id + " not found"));
  }

  @Test
  void idThatIsNotAPositiveIntegerIsRejected() {
    given()
        .get("/subscriptions/{id}", "abc")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("id"))
        .body("violations[0].in", equalTo("path"));
    given().delete("/subscriptions/{id}", "-1").then().statusCode(400);
  }
}
