package dev.eventstreamer.chainconfig.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.chainconfig.TestChains;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad chain request gets a 400 problem naming what is wrong, never a 500. */
@QuarkusTest
class ChainValidationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long ID = 77_000;
  private static final String URL = "http://127.0.0.1:8545";

  /** A POST body: a valid chain with {@code override}'s fields (JSON object text) on top. */
  private static String create(String override) {
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(TestChains.minimal(ID));
      body.setAll((ObjectNode) JSON.readTree(override));
      return JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalArgumentException(override, e);
    }
  }

  private static Arguments post(String body, String field) {
    return Arguments.of("POST", body, field);
  }

  private static Arguments put(String body, String field) {
    return Arguments.of("PUT", body, field);
  }

  static Stream<Arguments> badRequests() {
    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add("\"http://h" + i + ".example\"");
    }
    String longUrl = "http://example.org/" + "a".repeat(2100);
    return Stream.of(
        post("{}", "chain_id"),
        post("{\"name\": \"No id\", \"rpc_urls\": [\"" + URL + "\"]}", "chain_id"),
        post(create("{\"chain_id\": 0}"), "chain_id"),
        post(create("{\"chain_id\": -5}"), "chain_id"),
        post(create("{\"chain_id\": \"1\"}"), "chain_id"),
        post(create("{\"chain_id\": 1.5}"), "chain_id"),
        post(create("{\"chain_id\": 99999999999999999999999}"), "chain_id"),
        post("{\"chain_id\": 77000, \"rpc_urls\": [\"" + URL + "\"]}", "name"),
        post(create("{\"name\": \"\"}"), "name"),
        post(create("{\"name\": \"   \"}"), "name"),
        post(create("{\"name\": \"" + "n".repeat(101) + "\"}"), "name"),
        post(create("{\"name\": \"bell\\u0007\"}"), "name"),
        post(create("{\"name\": 42}"), "name"),
        post("{\"chain_id\": 77000, \"name\": \"No URL\"}", "rpc_urls"),
        post(create("{\"rpc_urls\": \"" + URL + "\"}"), "rpc_urls"),
        post(create("{\"rpc_urls\": {\"url\": \"" + URL + "\"}}"), "rpc_urls"),
        post(create("{\"rpc_urls\": []}"), "rpc_urls"),
        post(create("{\"rpc_urls\": [\"ftp://files.example.org\"]}"), "rpc_urls[0]"),
        post(create("{\"rpc_urls\": [\"" + URL + "\", \"not a url\"]}"), "rpc_urls[1]"),
        post(create("{\"rpc_urls\": [\"" + URL + "\", 5]}"), "rpc_urls[1]"),
        post(create("{\"rpc_urls\": [" + String.join(",", eleven) + "]}"), "rpc_urls"),
        post(create("{\"rpc_urls\": [\"http:///no-host\"]}"), "rpc_urls[0]"),
        post(create("{\"rpc_urls\": [\"" + longUrl + "\"]}"), "rpc_urls[0]"),
        post(create("{\"rpc_urls\": [\"/relative/path\"]}"), "rpc_urls[0]"),
        post(create("{\"historical_rpc_url\": \"wss://ws.example.org\"}"), "historical_rpc_url"),
        post(create("{\"live_websocket_url\": \"https://ws.example.org\"}"), "live_websocket_url"),
        post(create("{\"live_websocket_url\": 7}"), "live_websocket_url"),
        post(create("{\"average_block_time\": 0}"), "average_block_time"),
        post(create("{\"average_block_time\": \"fast\"}"), "average_block_time"),
        post(create("{\"average_block_time\": 1e400}"), "average_block_time"),
        post(create("{\"confirmation_blocks\": -1}"), "confirmation_blocks"),
        post(create("{\"confirmation_blocks\": 1001}"), "confirmation_blocks"),
        post(create("{\"confirmation_blocks\": \"12\"}"), "confirmation_blocks"),
        post(create("{\"historical_max_chunk_size\": 0}"), "historical_max_chunk_size"),
        post(create("{\"max_blocks_per_request\": 2000000}"), "max_blocks_per_request"),
        post(
            create("{\"max_blocks_per_request\": 500, \"historical_max_chunk_size\": 1000}"),
            "max_blocks_per_request"),
        post(create("{\"historical_max_retries\": 101}"), "historical_max_retries"),
        post(create("{\"historical_max_concurrent\": 0}"), "historical_max_concurrent"),
        post(create("{\"historical_progress_interval\": [1]}"), "historical_progress_interval"),
        post(create("{\"live_max_retries\": -1}"), "live_max_retries"),
        post(create("{\"live_retry_delay\": 99999}"), "live_retry_delay"),
        post(create("{\"live_reconnect_delay\": 2.5}"), "live_reconnect_delay"),
        post(create("{\"live_enable_gap_detection\": \"yes\"}"), "live_enable_gap_detection"),
        post(create("{\"live_max_gap_size\": 3000000000}"), "live_max_gap_size"),
        post(create("{\"live_block_check_interval\": 0}"), "live_block_check_interval"),
        post(create("{\"live_gap_fill_chunk_size\": {}}"), "live_gap_fill_chunk_size"),
        post("[]", "request body"),
        post("\"a chain\"", "request body"),
        post("null", "request body"),
        post("", "request body"),
        post("{\"chain_id\": 1,", "Malformed JSON"),
        put("{\"chain_id\": 12345}", "chain_id"),
        put("{\"name\": \"\"}", "name"),
        put("{\"rpc_urls\": []}", "rpc_urls"),
        put("{\"historical_rpc_url\": \"mailto:someone@example.org\"}", "historical_rpc_url"),
        put("{\"average_block_time\": 4000}", "average_block_time"),
        put("[1, 2]", "request body"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("badRequests")
  void rejectsWithAProblemNamingTheField(String method, String body, String field) {
    // PUT goes to an existing chain so the body is what fails, not the lookup.
    TestChains.post(TestChains.minimal(ID));
    ValidatableResponse response =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .when()
            .request(method, method.equals("POST") ? "/api/chains" : "/api/chains/" + ID)
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("status", equalTo(400))
            .body("title", equalTo("Bad Request"));
    if (field.equals("Malformed JSON")) {
      response.body("detail", startsWith("Malformed JSON"));
    } else if (field.equals("request body")) {
      response.body("detail", containsString("request body"));
    } else {
      response
          .body("violations.field", hasItem(field))
          .body("violations.in", hasItem("body"))
          .body("detail", containsString(field));
    }
  }

  @ParameterizedTest(name = "{0} /api/chains/{1}")
  @MethodSource("badPaths")
  void rejectsABadPathIdNamingIt(String method, String id) {
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\": \"x\"}")
        .when()
        .request(method, "/api/chains/" + id)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("chain_id"));
  }

  static Stream<Arguments> badPaths() {
    return Stream.of(
        Arguments.of("GET", "0"),
        Arguments.of("PUT", "-1"),
        Arguments.of("DELETE", "0"),
        Arguments.of("GET", "abc"),
        Arguments.of("PUT", "99999999999999999999"));
  }
}
