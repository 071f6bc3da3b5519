package dev.eventstreamer.common.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Every failure of a REST request answers {@code application/problem+json} (RFC 9457). */
@QuarkusTest
class ProblemMappersTest {

  private static final String SUBSCRIPTIONS = "/problem-test/subscriptions";
  private static final String VALID_INPUT = "{\"name\":\"from\",\"internal_type\":\"address\"}";

  @Test
  void acceptsAValidBody() {
    given()
        .contentType(ContentType.JSON)
        .body(subscription("1", "{\"name\":\"Transfer\",\"inputs\":[" + VALID_INPUT + "]}"))
        .post(SUBSCRIPTIONS)
        .then()
        .statusCode(200)
        .body("event_signature.inputs[0].internal_type", equalTo("address"));
  }

  @Test
  void listsViolationsOfNestedBodyFieldsByTheirJsonPath() {
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(
                subscription(
                    "0",
                    "{\"name\":\"\",\"inputs\":["
                        + VALID_INPUT
                        + ",{\"name\":\"to\",\"internal_type\":\" \"}]}"))
            .post(SUBSCRIPTIONS);

    problem(response, 400, "Bad Request", SUBSCRIPTIONS)
        .body(
            "detail",
            equalTo(
                "Invalid chain_id: must be greater than 0; "
                    + "Invalid event_signature.inputs[1].internal_type: must not be blank; "
                    + "Invalid event_signature.name: must not be blank"))
        .body(
            "violations",
            equalTo(
                List.of(
                    violation("body", "chain_id", "must be greater than 0"),
                    violation(
                        "body", "event_signature.inputs[1].internal_type", "must not be blank"),
                    violation("body", "event_signature.name", "must not be blank"))));
  }

  @Test
  void namesAQueryParameterAsTheClientSentIt() {
    problem(
            given().queryParam("page_size", 1000).get(SUBSCRIPTIONS),
            400,
            "Bad Request",
            SUBSCRIPTIONS)
        .body("detail", equalTo("Invalid page_size: must be less than or equal to 100"))
        .body(
            "violations",
            equalTo(List.of(violation("query", "page_size", "must be less than or equal to 100"))));
  }

  @Test
  void namesPathParametersAndHeaders() {
    problem(given().get(SUBSCRIPTIONS + "/-1"), 400, "Bad Request", SUBSCRIPTIONS + "/-1")
        .body("violations", equalTo(List.of(violation("path", "id", "must be greater than 0"))));
    problem(
            given().header("X-Subscriber", "ABC").get(SUBSCRIPTIONS),
            400,
            "Bad Request",
            SUBSCRIPTIONS)
        .body(
            "violations",
            equalTo(List.of(violation("header", "X-Subscriber", "must match \"[a-z]*\""))));
  }

  @Test
  void rejectsAParameterThatDoesNotConvertWith400() {
    // JAX-RS would say 404, as if the resource did not exist.
    problem(
            given().queryParam("page_size", "twenty").get(SUBSCRIPTIONS),
            400,
            "Bad Request",
            SUBSCRIPTIONS)
        .body("detail", equalTo("A request parameter has a value of the wrong type"));
    problem(
            given().header("X-Limit", "ten").get("/problem-test/header-number"),
            400,
            "Bad Request",
            "/problem-test/header-number")
        .body("detail", equalTo("A request parameter has a value of the wrong type"));
  }

  @Test
  void namesTheFieldWithAWrongTypeInsideAListElement() {
    String inputs =
        "[" + VALID_INPUT + ",{\"name\":\"v\",\"internal_type\":\"uint256\",\"indexed\":\"very\"}]";
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(subscription("1", "{\"name\":\"Transfer\",\"inputs\":" + inputs + "}"))
            .post(SUBSCRIPTIONS);

    problem(response, 400, "Bad Request", SUBSCRIPTIONS)
        .body("detail", equalTo("Invalid event_signature.inputs[1].indexed: must be a boolean"))
        .body(
            "violations",
            equalTo(
                List.of(
                    violation("body", "event_signature.inputs[1].indexed", "must be a boolean"))))
        .body(not(containsString("java")));
  }

  @Test
  void saysWhichJsonTypeAFieldNeeds() {
    problem(postJson("{\"chain_id\":\"one\"}"), 400, "Bad Request", SUBSCRIPTIONS)
        .body("violations", equalTo(List.of(violation("body", "chain_id", "must be an integer"))));
    problem(
            postJson(subscription("1", "{\"name\":\"T\",\"inputs\":{}}")),
            400,
            "Bad Request",
            SUBSCRIPTIONS)
        .body(
            "violations",
            equalTo(List.of(violation("body", "event_signature.inputs", "must be an array"))));
    problem(postJson("[]"), 400, "Bad Request", SUBSCRIPTIONS)
        .body("violations", equalTo(List.of(violation("body", "", "must be an object"))));
    problem(postJson("{\"chain_id\":99999999999999999999999}"), 400, "Bad Request", SUBSCRIPTIONS)
        .body("violations", equalTo(List.of(violation("body", "chain_id", "is out of range"))));
  }

  @Test
  void rejectsJsonNestedDeeperThanTheParserAllows() {
    String deep = "[".repeat(1500) + "]".repeat(1500);
    problem(
            postJson("{\"ignored\":" + deep + ",\"chain_id\":1}"),
            400,
            "Bad Request",
            SUBSCRIPTIONS)
        .body(
            "detail",
            equalTo(
                "The JSON body exceeds the limits on nesting depth or on number or string length"));
  }

  @Test
  void listsTheAcceptedValuesOfAnEnumWithoutItsClassName() {
    problem(postJson("{\"chain_id\":1,\"flavor\":\"cdc\"}"), 400, "Bad Request", SUBSCRIPTIONS)
        .body(
            "violations",
            equalTo(List.of(violation("body", "flavor", "must be one of [collect, task]"))))
        .body(not(containsString("dev.eventstreamer")));
  }

  @Test
  void namesMissingRequiredFields() {
    // Required by validation (@NotNull): every missing field at once.
    problem(postJson("{\"subscriber_id\":\"s\"}"), 400, "Bad Request", SUBSCRIPTIONS)
        .body(
            "violations",
            equalTo(
                List.of(
                    violation("body", "chain_id", "must not be null"),
                    violation("body", "event_signature", "must not be null"))));
    // Required by Jackson (@JsonProperty(required = true) on a record component).
    problem(postJson(subscriptionWithout("subscriber_id")), 400, "Bad Request", SUBSCRIPTIONS)
        .body("violations", equalTo(List.of(violation("body", "subscriber_id", "is required"))));
  }

  @Test
  void saysWhereJsonIsMalformed() {
    String body = "{\n  \"chain_id\": 1,\n  \"event_signature\": {\"name\": Transfer}\n}";
    problem(postJson(body), 400, "Bad Request", SUBSCRIPTIONS)
        .body(
            "detail",
            allOf(
                containsString("Malformed JSON at line 3, column "), containsString("'Transfer'")))
        .body("violations", nullValue());
    problem(postJson("{\"chain_id\":1,"), 400, "Bad Request", SUBSCRIPTIONS)
        .body(
            "detail",
            containsString("Malformed JSON at line 1, column 15: Unexpected end-of-input"));
  }

  @Test
  void rejectsAnEmptyBody() {
    problem(
            given().contentType(ContentType.JSON).post(SUBSCRIPTIONS),
            400,
            "Bad Request",
            SUBSCRIPTIONS)
        .body("detail", equalTo("A request body is required"))
        .body("violations", equalTo(List.of(violation("body", "", "is required"))));
  }

  @Test
  void answersUnknownPathsWith404NotFound() {
    problem(given().get("/problem-test/nothing"), 404, "Not Found", "/problem-test/nothing")
        .body("detail", equalTo("Resource /problem-test/nothing not found"));
    problem(given().get("/problem-nothing/at/all"), 404, "Not Found", "/problem-nothing/at/all")
        .body("detail", equalTo("Resource /problem-nothing/at/all not found"));
  }

  @Test
  void answersAWrongMethodWith405() {
    problem(given().delete(SUBSCRIPTIONS), 405, "Method Not Allowed", SUBSCRIPTIONS)
        .body("detail", equalTo("Method DELETE is not allowed on " + SUBSCRIPTIONS));
  }

  @Test
  void answersUnsupportedMediaTypesWith415And406() {
    problem(
            given().contentType(ContentType.TEXT).body("chain_id=1").post(SUBSCRIPTIONS),
            415,
            "Unsupported Media Type",
            SUBSCRIPTIONS)
        .body("detail", containsString("Content type text/plain"))
        .body("detail", containsString("is not supported"));
    problem(given().accept("image/png").get(SUBSCRIPTIONS), 406, "Not Acceptable", SUBSCRIPTIONS)
        .body("detail", equalTo("None of the accepted media types can be produced: image/png"));
  }

  @Test
  void answersAProblemExceptionWithItsStatusDetailAndMembers() {
    problem(given().get(SUBSCRIPTIONS + "/7"), 404, "Not Found", SUBSCRIPTIONS + "/7")
        .body("detail", equalTo("Subscription 7 not found"));
    problem(
            given().post(SUBSCRIPTIONS + "/7/activate"),
            409,
            "Conflict",
            SUBSCRIPTIONS + "/7/activate")
        .body("detail", equalTo("Subscription 7 is already active"))
        .body("error_code", equalTo("ALREADY_ACTIVE"));
    problem(
            given().get("/problem-test/breaker"),
            503,
            "Service Unavailable",
            "/problem-test/breaker")
        .body("detail", equalTo("RPC endpoints of chain 1 are failing"))
        .body("error_code", equalTo("CIRCUIT_BREAKER_OPEN"))
        .body("retry_after", equalTo(30));
    problem(given().get("/problem-test/rejected"), 400, "Bad Request", "/problem-test/rejected")
        .body("detail", equalTo("Invalid from_block: must not be after to_block"))
        .body(
            "violations",
            equalTo(List.of(violation("query", "from_block", "must not be after to_block"))));
  }

  @Test
  void keepsTheStatusAndMessageOfAnApplicationsWebApplicationException() {
    problem(
            given().get("/problem-test/rate-limited"),
            429,
            "Too Many Requests",
            "/problem-test/rate-limited")
        .body("detail", equalTo("Slow down: 10 requests a second at most"));
  }

  @Test
  void answersADuplicateKeyWith409WithoutDatabaseDetails() {
    String path = "/problem-test/names/" + UUID.randomUUID();
    given().post(path).then().statusCode(200);

    problem(given().post(path), 409, "Conflict", path)
        .body("detail", equalTo("The resource conflicts with one that already exists"))
        .body(
            allOf(not(containsString("problem_test_names")), not(containsString("duplicate key"))));
  }

  @Test
  void answersADuplicateKeyReportedThroughAPersistenceLayerWith409() {
    String name = UUID.randomUUID().toString();
    given().post("/problem-test/names/" + name).then().statusCode(200);

    String path = "/problem-test/names-through-orm/" + name;
    problem(given().post(path), 409, "Conflict", path)
        .body("detail", equalTo("The resource conflicts with one that already exists"))
        .body(not(containsString("duplicate key")));
  }

  @Test
  void hidesTheCauseOfAnUnexpectedErrorAndLogsItUnderTheErrorId() {
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger("dev.eventstreamer.common.problem.impl.ProblemMappers");
    logger.addHandler(handler);
    try {
      Response response = given().get("/problem-test/boom");
      problem(response, 500, "Internal Server Error", "/problem-test/boom")
          .body("error_id", matchesPattern("[0-9a-f-]{36}"))
          .body(
              allOf(
                  not(containsString("jdbc")),
                  not(containsString("IllegalState")),
                  not(containsString("at dev."))));
      String errorId = response.path("error_id");
      assertTrue(
          response.<String>path("detail").contains(errorId), "the detail quotes the error id");

      LogRecord record =
          logged.stream()
              .filter(r -> r.getThrown() != null && mentions(r, errorId))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no log record with error id " + errorId));
      assertEquals(
          "connection to jdbc:postgresql://db/secret refused", record.getThrown().getMessage());
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void treatsAViolationOutsideTheRequestAsAServerError() {
    problem(
            given().get("/problem-test/invalid-state"),
            500,
            "Internal Server Error",
            "/problem-test/invalid-state")
        .body("violations", nullValue())
        .body(not(containsString("must not be blank")));
  }

  private static ValidatableResponse problem(
      Response response, int status, String title, String instance) {
    return response
        .then()
        .statusCode(status)
        .header("Content-Type", ProblemException.MEDIA_TYPE)
        .body("type", equalTo("about:blank"))
        .body("title", equalTo(title))
        .body("status", equalTo(status))
        .body("instance", equalTo(instance))
        .body(not(containsString("Exception")));
  }

  private static Response postJson(String body) {
    return given().contentType(ContentType.JSON).body(body).post(SUBSCRIPTIONS);
  }

  private static String subscription(String chainId, String eventSignature) {
    return "{\"chain_id\":"
        + chainId
        + ",\"subscriber_id\":\"s\",\"event_signature\":"
        + eventSignature
        + "}";
  }

  private static String subscriptionWithout(String member) {
    String full = subscription("1", "{\"name\":\"Transfer\",\"inputs\":[" + VALID_INPUT + "]}");
    return full.replace(",\"" + member + "\":\"s\"", "");
  }

  private static Map<String, String> violation(String in, String field, String message) {
    return Map.of("in", in, "field", field, "message", message);
  }

  private static boolean mentions(LogRecord record, String text) {
    if (String.valueOf(record.getMessage()).contains(text)) {
      return true;
    }
    return record.getParameters() != null && List.of(record.getParameters()).contains(text);
  }
}
