package dev.eventstreamer.subscription.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.subscription.testing.Bodies;
import dev.eventstreamer.subscription.testing.Listing;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind gets a 4xx problem+json that names the field (by JSON path) and says what
 * is wrong; none gets a 500, and nothing is stored.
 */
@QuarkusTest
class SubscriptionValidationTest {

  private static final String SUBSCRIBER = "validation-subscriber";

  /** A create body edited by {@code edit}. */
  private static Supplier<String> edited(Consumer<ObjectNode> edit) {
    return () -> {
      ObjectNode body = Bodies.transfer(SUBSCRIBER);
      edit.accept(body);
      return body.toString();
    };
  }

  private static ObjectNode signature(ObjectNode body) {
    return (ObjectNode) body.get("event_signature");
  }

  private static ObjectNode input(ObjectNode body, int i) {
    return (ObjectNode) signature(body).get("inputs").get(i);
  }

  private static Arguments bad(String name, String field, String message, Supplier<String> body) {
    return Arguments.of(name, field, message, body);
  }

  static Stream<Arguments> badCreates() {
    return Stream.of(
        bad("topic0 missing", "topic0", "required", edited(b -> b.remove("topic0"))),
        bad("topic0 null", "topic0", "required", edited(b -> b.putNull("topic0"))),
        bad(
            "topic0 not hex",
            "topic0",
            "64 hex",
            edited(b -> b.put("topic0", "0x" + "zz".repeat(32)))),
        bad("topic0 too short", "topic0", "64 hex", edited(b -> b.put("topic0", "0xddf252ad"))),
        bad("topic0 without 0x", "topic0", "64 hex", edited(b -> b.put("topic0", "ab".repeat(33)))),
        bad("topic0 a number", "topic0", "string", edited(b -> b.put("topic0", 12345))),
        bad(
            "topic0 of another event",
            "topic0",
            "expected "
                + Bodies.TRANSFER_TOPIC0
                + ", the keccak-256 of Transfer(address,address,uint256)",
            edited(
                b ->
                    b.put(
                        "topic0",
                        "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"))),
        bad(
            "topic0 with SQL in it",
            "topic0",
            "64 hex",
            edited(b -> b.put("topic0", "0x'; drop table subscription; --"))),
        bad(
            "topic0 with full-width digits",
            "topic0",
            "64 hex",
            edited(b -> b.put("topic0", "0x" + "\uff11".repeat(64)))),
        bad(
            "event_signature missing",
            "event_signature",
            "required",
            edited(b -> b.remove("event_signature"))),
        bad(
            "event_signature a string",
            "event_signature",
            "object",
            edited(b -> b.put("event_signature", "Transfer(address,address,uint256)"))),
        bad(
            "event_signature a list",
            "event_signature",
            "object",
            edited(b -> b.putArray("event_signature"))),
        bad(
            "type function",
            "event_signature.type",
            "",
            edited(b -> signature(b).put("type", "function"))),
        bad(
            "name not an identifier",
            "event_signature.name",
            "",
            edited(b -> signature(b).put("name", "1Transfer"))),
        bad(
            "name with SQL",
            "event_signature.name",
            "",
            edited(b -> signature(b).put("name", "T'; DROP TABLE x;--"))),
        bad(
            "name with unicode",
            "event_signature.name",
            "",
            edited(b -> signature(b).put("name", "Tr\u00e4nsfer"))),
        bad(
            "input type unknown",
            "event_signature.inputs[2].type",
            "",
            edited(b -> input(b, 2).put("type", "uint257"))),
        bad(
            "input type a number",
            "event_signature.inputs[2].type",
            "",
            edited(b -> input(b, 2).put("type", 256))),
        bad(
            "input indexed not a boolean",
            "event_signature.inputs[0].indexed",
            "",
            edited(b -> input(b, 0).put("indexed", "yes"))),
        bad(
            "inputs not a list",
            "event_signature.inputs",
            "",
            edited(b -> signature(b).put("inputs", "address"))),
        bad(
            "tuple without components",
            "event_signature.inputs[2].components",
            "without components",
            edited(b -> input(b, 2).put("type", "tuple"))),
        bad(
            "nested tuple component with a bad type",
            "event_signature.inputs[2].components[1].components[0].type",
            "",
            edited(
                b -> {
                  ObjectNode in = input(b, 2).put("type", "tuple[2]");
                  ArrayNode components = in.putArray("components");
                  components.addObject().put("name", "a").put("type", "uint8");
                  ObjectNode inner = components.addObject().put("name", "b").put("type", "tuple[]");
                  inner.putArray("components").addObject().put("name", "c").put("type", "bytes33");
                })),
        bad(
            "four indexed inputs on a named event",
            "event_signature.inputs[3].indexed",
            "more than 3 indexed",
            edited(
                b -> {
                  input(b, 2).put("indexed", true);
                  signature(b)
                      .withArray("inputs")
                      .addObject()
                      .put("name", "memo")
                      .put("type", "bytes32")
                      .put("indexed", true);
                })),
        bad(
            "duplicate input names",
            "event_signature.inputs[1].name",
            "",
            edited(b -> input(b, 1).put("name", "from"))),
        bad(
            "tuple nested beyond the limits",
            "event_signature.inputs[2]" + ".components[0]".repeat(32) + ".type",
            "nested deeper than 32",
            edited(
                b -> {
                  ObjectNode in = input(b, 2).put("type", "tuple");
                  for (int i = 0; i < 60; i++) {
                    in =
                        in.putArray("components")
                            .addObject()
                            .put("name", "n" + i)
                            .put("type", "tuple");
                  }
                  in.putArray("components").addObject().put("name", "leaf").put("type", "uint8");
                })),
        bad(
            "addresses not a list",
            "addresses",
            "list",
            edited(b -> b.put("addresses", Bodies.WETH))),
        bad(
            "address too short",
            "addresses[0]",
            "40 hex",
            edited(b -> b.putArray("addresses").add("0x1234"))),
        bad(
            "address not hex",
            "addresses[0]",
            "40 hex",
            edited(b -> b.putArray("addresses").add("0x" + "g".repeat(40)))),
        bad(
            "address failing its checksum",
            "addresses[1]",
            "EIP-55",
            edited(
                b ->
                    b.putArray("addresses")
                        .add(Bodies.WETH)
                        .add(Bodies.WETH.replace("C02aaA", "c02aaA").replace("FE8D", "fe8D")))),
        bad(
            "address a number",
            "addresses[1]",
            "string",
            edited(b -> b.putArray("addresses").add(Bodies.WETH).add(7))),
        bad(
            "too many addresses",
            "addresses",
            "at most 1000",
            edited(
                b -> {
                  ArrayNode list = b.putArray("addresses");
                  for (int i = 0; i < 1001; i++) {
                    list.add(String.format("0x%040x", i + 1));
                  }
                })),
        bad("start_block missing", "start_block", "required", edited(b -> b.remove("start_block"))),
        bad(
            "start_block negative",
            "start_block",
            "at least 0",
            edited(b -> b.put("start_block", -1))),
        bad(
            "start_block a string",
            "start_block",
            "integer",
            edited(b -> b.put("start_block", "100"))),
        bad(
            "start_block a fraction",
            "start_block",
            "integer",
            edited(b -> b.put("start_block", 1.5))),
        bad(
            "start_block beyond 64 bits",
            "start_block",
            "too large",
            edited(b -> b.put("start_block", new java.math.BigInteger("1" + "0".repeat(30))))),
        bad(
            "end_block before start_block",
            "end_block",
            "at least start_block (100)",
            edited(b -> b.put("end_block", 99))),
        bad("end_block a boolean", "end_block", "integer", edited(b -> b.put("end_block", true))),
        bad("chain_id missing", "chain_id", "required", edited(b -> b.remove("chain_id"))),
        bad("chain_id zero", "chain_id", "at least 1", edited(b -> b.put("chain_id", 0))),
        bad("chain_id an object", "chain_id", "integer", edited(b -> b.putObject("chain_id"))),
        bad(
            "chain_id not configured",
            "chain_id",
            "chain 424242 is not configured",
            edited(b -> b.put("chain_id", 424242))),
        bad(
            "subscriber_id missing",
            "subscriber_id",
            "required",
            edited(b -> b.remove("subscriber_id"))),
        bad(
            "subscriber_id empty",
            "subscriber_id",
            "empty",
            edited(b -> b.put("subscriber_id", ""))),
        bad(
            "subscriber_id blank",
            "subscriber_id",
            "empty",
            edited(b -> b.put("subscriber_id", "   "))),
        bad(
            "subscriber_id too long",
            "subscriber_id",
            "128",
            edited(b -> b.put("subscriber_id", "x".repeat(129)))),
        bad(
            "subscriber_id with NUL",
            "subscriber_id",
            "control",
            edited(b -> b.put("subscriber_id", "a\u0000b"))),
        bad(
            "subscriber_id with a newline",
            "subscriber_id",
            "control",
            edited(b -> b.put("subscriber_id", "a\nb"))),
        bad(
            "subscriber_id a number",
            "subscriber_id",
            "string",
            edited(b -> b.put("subscriber_id", 42))),
        bad("body a list", "", "JSON object", () -> "[" + Bodies.transfer(SUBSCRIBER) + "]"),
        bad("body a string", "", "JSON object", () -> "\"subscribe me\""),
        bad("body null", "", "JSON object", () -> "null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreates")
  void rejectsBadCreateNamingTheField(
      String name, String field, String message, Supplier<String> body) {
    long before = Listing.total(SUBSCRIBER);
    Response response =
        given().contentType(ContentType.JSON).body(body.get()).post("/subscriptions");
    assertProblem(response, 400, field, message);
    assertEquals(before, Listing.total(SUBSCRIBER), "nothing stored");
  }

  static Stream<Arguments> badUpdates() {
    return Stream.of(
        bad("topic0 null", "topic0", "must not be null", () -> "{\"topic0\": null}"),
        bad("chain_id null", "chain_id", "must not be null", () -> "{\"chain_id\": null}"),
        bad("start_block null", "start_block", "must not be null", () -> "{\"start_block\": null}"),
        bad(
            "is_streaming a string",
            "is_streaming",
            "true or false",
            () -> "{\"is_streaming\": \"true\"}"),
        bad(
            "streaming_status unknown",
            "streaming_status",
            "one of",
            () -> "{\"streaming_status\": \"paused\"}"),
        bad("subscriber_id empty", "subscriber_id", "empty", () -> "{\"subscriber_id\": \"\"}"),
        bad(
            "address with bad checksum",
            "addresses[0]",
            "EIP-55",
            () -> "{\"addresses\": [\"0xc02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\"]}"),
        bad(
            "event_signature broken",
            "event_signature.inputs[0].type",
            "",
            () ->
                "{\"event_signature\": {\"type\":\"event\",\"name\":\"X\",\"inputs\":[{\"type\":\"uint7\"}]}}"),
        bad(
            "chain_id not configured",
            "chain_id",
            "not configured",
            () -> "{\"chain_id\": 424243}"),
        bad("body a number", "", "JSON object", () -> "42"));
  }

  @ParameterizedTest(name = "update: {0}")
  @MethodSource("badUpdates")
  void rejectsBadUpdateNamingTheFieldAndChangesNothing(
      String name, String field, String message, Supplier<String> body) {
    JsonPath created =
        given()
            .contentType(ContentType.JSON)
            .body(Bodies.transfer(SUBSCRIBER).toString())
            .post("/subscriptions")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    long id = created.getLong("id");
    Response response =
        given().contentType(ContentType.JSON).body(body.get()).put("/subscriptions/{id}", id);
    assertProblem(response, 400, field, message);
    assertEquals(
        created.getMap(""),
        given()
            .get("/subscriptions/{id}", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap(""));
  }

  static Stream<Arguments> unreadableBodies() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"topic0\": \"0x12\",", 400, "line"),
        Arguments.of("trailing garbage", "{\"topic0\": 1} x", 400, ""),
        Arguments.of("empty body", "", 400, ""),
        Arguments.of("nesting 5000 deep", "[".repeat(5000) + "]".repeat(5000), 400, ""),
        Arguments.of(
            "nesting 5000 deep in an unknown field",
            "{\"extra\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}",
            400,
            ""),
        Arguments.of(
            "body over 1 MiB", "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}", 413, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableBodies")
  void rejectsUnreadableBodies(String name, String body, int status, String detail) {
    long before = Listing.total(SUBSCRIBER);
    Response response = given().contentType(ContentType.JSON).body(body).post("/subscriptions");
    response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("detail", containsString(detail));
    assertEquals(before, Listing.total(SUBSCRIBER));
  }

  @ParameterizedTest(name = "subscriber_id filter {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {" ", "a\u0000b", "a\nb"})
  void rejectsSubscriberIdFiltersNoSubscriberCanHave(String filter) {
    for (String path : List.of("/subscriptions", "/subscriptions/1")) {
      given()
          .queryParam("subscriber_id", filter)
          .get(path)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("violations[0].field", equalTo("subscriber_id"))
          .body("violations[0].in", equalTo("query"));
    }
  }

  @org.junit.jupiter.api.Test
  void rejectsBodiesThatAreNotJson() {
    given()
        .contentType(ContentType.TEXT)
        .body(Bodies.transfer(SUBSCRIBER).toString())
        .post("/subscriptions")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  @org.junit.jupiter.api.Test
  void reportsEveryBadFieldAtOnce() {
    ObjectNode body = Bodies.transfer(SUBSCRIBER);
    body.put("start_block", -5);
    body.put("chain_id", "one");
    body.put("subscriber_id", "");
    List<String> fields =
        given()
            .contentType(ContentType.JSON)
            .body(body.toString())
            .post("/subscriptions")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath()
            .getList("violations.field");
    assertEquals(
        java.util.Set.of("start_block", "chain_id", "subscriber_id"),
        new java.util.HashSet<>(fields));
    assertEquals(3, fields.size());
  }

  private static void assertProblem(Response response, int status, String field, String message) {
    response
        .then()
        .contentType("application/problem+json")
        .statusCode(status)
        .body("status", equalTo(status));
    JsonPath json = response.jsonPath();
    List<String> fields = json.getList("violations.field");
    assertTrue(fields.contains(field), "violations name " + field + ": " + response.asString());
    int at = fields.indexOf(field);
    assertTrue(
        json.getString("violations[" + at + "].message").contains(message),
        "message says '" + message + "': " + response.asString());
    assertEquals("body", json.getString("violations[" + at + "].in"));
    assertTrue(json.getString("detail").contains(field.isEmpty() ? "request body" : field));
  }
}
