package dev.eventstreamer.chainconfig.rest;

import static dev.eventstreamer.chainconfig.TestChains.delete;
import static dev.eventstreamer.chainconfig.TestChains.get;
import static dev.eventstreamer.chainconfig.TestChains.minimal;
import static dev.eventstreamer.chainconfig.TestChains.nextId;
import static dev.eventstreamer.chainconfig.TestChains.post;
import static dev.eventstreamer.chainconfig.TestChains.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.chainconfig.service.ChainsChanged;
import dev.eventstreamer.chainconfig.service.ChainsChangedRecorder;
import dev.eventstreamer.chainconfig.service.IngestionSetting;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChainResourceTest {

  private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  @Inject Pool pool;
  @Inject ChainsChangedRecorder recorder;

  /**
   * The published client parses every single-chain answer as a ChainConfigResponse: it requires
   * {@code message} and {@code timestamp} as strings and {@code chain_id} as an integer.
   */
  @Test
  void everyChainAnswerHasTheFieldsTheClientRequires() {
    long id = nextId();
    List<io.restassured.response.ValidatableResponse> answers =
        List.of(
            post(minimal(id)).statusCode(201),
            get(id).statusCode(200),
            put(id, "{\"name\": \"Renamed for the client\"}").statusCode(200),
            delete(id).statusCode(200),
            given().post("/api/chains/refresh").then().statusCode(200));
    for (io.restassured.response.ValidatableResponse answer : answers) {
      JsonPath json = answer.extract().jsonPath();
      assertTrue(json.get("message") instanceof String, "message: " + json.prettify());
      assertTrue(json.get("chain_id") instanceof Integer, "chain_id: " + json.prettify());
      assertTrue(json.getString("timestamp").matches(TIMESTAMP), "timestamp: " + json.prettify());
    }
    // The chain's own fields stay beside them.
    get(id)
        .body("message", equalTo("Chain " + id + " found"))
        .body("chain_id", equalTo((int) id))
        .body("name", equalTo("Renamed for the client"))
        .body("status", equalTo("inactive"));
  }

  @Test
  void roundTripsEverySchemaPackageField() {
    long id = nextId();
    post("""
            {"chain_id": %d, "name": "Schema chain",
             "historical_rpc_url": "https://rpc.example.org/eth",
             "live_websocket_url": "wss://ws.example.org/eth",
             "historical_max_chunk_size": 2500, "historical_max_retries": 7,
             "historical_max_concurrent": 9, "historical_progress_interval": 250,
             "live_max_retries": 11, "live_retry_delay": 13, "live_reconnect_delay": 17,
             "live_enable_gap_detection": false, "live_max_gap_size": 19,
             "live_block_check_interval": 23, "live_gap_fill_chunk_size": 29}"""
            .formatted(id))
        .statusCode(201)
        .body("message", equalTo("Chain " + id + " created"))
        .body("chain_id", equalTo((int) id))
        .body("timestamp", matchesPattern(TIMESTAMP));

    get(id)
        .statusCode(200)
        .body("chain_id", equalTo((int) id))
        .body("name", equalTo("Schema chain"))
        .body("status", equalTo("active"))
        .body("is_active", equalTo(true))
        .body("historical_rpc_url", equalTo("https://rpc.example.org/eth"))
        .body("rpc_urls", contains("https://rpc.example.org/eth"))
        .body("live_websocket_url", equalTo("wss://ws.example.org/eth"))
        .body("historical_max_chunk_size", equalTo(2500))
        .body("max_blocks_per_request", equalTo(2500))
        .body("historical_max_retries", equalTo(7))
        .body("historical_max_concurrent", equalTo(9))
        .body("historical_progress_interval", equalTo(250))
        .body("live_max_retries", equalTo(11))
        .body("live_retry_delay", equalTo(13))
        .body("live_reconnect_delay", equalTo(17))
        .body("live_enable_gap_detection", equalTo(false))
        .body("live_max_gap_size", equalTo(19))
        .body("live_block_check_interval", equalTo(23))
        .body("live_gap_fill_chunk_size", equalTo(29))
        // The older shape's fields take the registry's defaults.
        .body("average_block_time", equalTo(12.0f))
        .body("confirmation_blocks", equalTo(12))
        .body("version", equalTo(1))
        .body("created_at", matchesPattern(TIMESTAMP))
        .body("updated_at", matchesPattern(TIMESTAMP));
  }

  @Test
  void roundTripsEveryOlderShapeFieldAndDefaultsTheRest() {
    long id = nextId();
    post("""
            {"chain_id": %d, "name": "Older chain",
             "rpc_urls": ["https://a.example.org", "https://b.example.org:8443/rpc"],
             "average_block_time": 0.25, "max_blocks_per_request": 2000,
             "confirmation_blocks": 6}"""
            .formatted(id))
        .statusCode(201);

    get(id)
        .statusCode(200)
        .body("name", equalTo("Older chain"))
        .body("rpc_urls", contains("https://a.example.org", "https://b.example.org:8443/rpc"))
        .body("historical_rpc_url", equalTo("https://a.example.org"))
        .body("live_websocket_url", nullValue())
        .body("average_block_time", equalTo(0.25f))
        .body("max_blocks_per_request", equalTo(2000))
        .body("historical_max_chunk_size", equalTo(2000))
        .body("confirmation_blocks", equalTo(6))
        .body("historical_max_retries", equalTo(3))
        .body("historical_max_concurrent", equalTo(5))
        .body("historical_progress_interval", equalTo(100))
        .body("live_max_retries", equalTo(5))
        .body("live_retry_delay", equalTo(5))
        .body("live_reconnect_delay", equalTo(30))
        .body("live_enable_gap_detection", equalTo(true))
        .body("live_max_gap_size", equalTo(1000))
        .body("live_block_check_interval", equalTo(10))
        .body("live_gap_fill_chunk_size", equalTo(100));
  }

  @Test
  void mixedBodyPutsTheHistoricalUrlFirstDropsDuplicatesAndIgnoresUnknownFields() {
    long id = nextId();
    // What the launcher sends, plus what the published client adds (an empty websocket URL).
    post("""
            {"chain_id": %d, "name": "Mixed", "rpc_urls": ["http://x.example:1", "http://y.example:2"],
             "historical_rpc_url": "http://y.example:2", "live_websocket_url": "",
             "average_block_time": 1, "confirmation_blocks": 0, "favourite_colour": "blue"}"""
            .formatted(id))
        .statusCode(201);

    get(id)
        .body("rpc_urls", contains("http://y.example:2", "http://x.example:1"))
        .body("live_websocket_url", nullValue())
        .body("average_block_time", equalTo(1.0f))
        .body("confirmation_blocks", equalTo(0))
        .body("$", not(hasKey("favourite_colour")));
  }

  @Test
  void putReplacesWhatItSendsAndKeepsTheRest() {
    long id = nextId();
    post("""
            {"chain_id": %d, "name": "Before", "rpc_urls": ["http://a.example", "http://b.example"],
             "live_websocket_url": "ws://w.example", "confirmation_blocks": 4}"""
            .formatted(id))
        .statusCode(201);

    put(id, "{\"live_max_retries\": 9, \"name\": \"After\"}")
        .statusCode(200)
        .body("message", equalTo("Chain " + id + " updated"))
        .body("chain_id", equalTo((int) id));
    get(id)
        .body("name", equalTo("After"))
        .body("live_max_retries", equalTo(9))
        .body("rpc_urls", contains("http://a.example", "http://b.example"))
        .body("live_websocket_url", equalTo("ws://w.example"))
        .body("confirmation_blocks", equalTo(4))
        .body("version", equalTo(2));

    // A new primary only: the fallback stays behind it.
    put(id, "{\"historical_rpc_url\": \"http://c.example\", \"live_websocket_url\": \"\"}")
        .statusCode(200);
    get(id)
        .body("rpc_urls", contains("http://c.example", "http://b.example"))
        .body("live_websocket_url", equalTo("ws://w.example"));

    // A list replaces the list.
    put(id, "{\"rpc_urls\": [\"http://d.example\"], \"max_blocks_per_request\": 42}")
        .statusCode(200);
    get(id)
        .body("rpc_urls", contains("http://d.example"))
        .body("historical_max_chunk_size", equalTo(42))
        .body("version", equalTo(4));

    // The published client sends its whole model back: nothing changes, nothing is bumped.
    put(
            id,
            "{\"chain_id\": %d, \"name\": \"After\", \"historical_rpc_url\": \"http://d.example\"}"
                .formatted(id))
        .statusCode(200)
        .body("message", equalTo("Chain " + id + " unchanged"));
    get(id).body("version", equalTo(4));
  }

  @Test
  void putAndDeleteOfAnUnknownChainAre404() {
    put(987_654_321L, "{\"name\": \"x\"}")
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("Chain 987654321 not found"));
    delete(987_654_321L).statusCode(404).body("detail", containsString("not found"));
    get(987_654_321L)
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("detail", equalTo("Chain 987654321 not found"));
  }

  @Test
  void deleteDeactivatesAndPostBringsTheChainBack() {
    long id = nextId();
    post(minimal(id)).statusCode(201);
    post(minimal(id))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("already exists"));

    delete(id)
        .statusCode(200)
        .body("message", equalTo("Chain " + id + " deactivated"))
        .body("chain_id", equalTo((int) id))
        .body("timestamp", matchesPattern(TIMESTAMP));
    get(id).statusCode(200).body("status", equalTo("inactive")).body("is_active", equalTo(false));
    given()
        .get("/api/chains")
        .then()
        .statusCode(200)
        .body("chains", not(hasKey(Long.toString(id))))
        .body("timestamp", matchesPattern(TIMESTAMP));
    given()
        .queryParam("include_inactive", true)
        .get("/api/chains")
        .then()
        .body("chains." + id + ".status", equalTo("inactive"));
    given().get("/api/chains/stats").then().body("supported_chain_ids", not(hasItem((int) id)));
    delete(id).statusCode(200).body("message", equalTo("Chain " + id + " already inactive"));
    // A deactivated chain can still be edited; it stays deactivated.
    put(id, "{\"confirmation_blocks\": 2}").statusCode(200);
    get(id).body("status", equalTo("inactive")).body("confirmation_blocks", equalTo(2));

    post("""
            {"chain_id": %d, "name": "Back again", "rpc_urls": ["http://back.example"]}"""
            .formatted(id))
        .statusCode(201)
        .body("message", equalTo("Chain " + id + " reactivated"));
    get(id)
        .body("status", equalTo("active"))
        .body("name", equalTo("Back again"))
        .body("rpc_urls", contains("http://back.example"))
        .body("confirmation_blocks", equalTo(12))
        .body("version", equalTo(4));
  }

  @Test
  void listsActiveChainsKeyedByIdWithTheirCount() {
    long id = nextId();
    post(minimal(id)).statusCode(201);
    JsonPath list = given().get("/api/chains").then().statusCode(200).extract().jsonPath();
    assertEquals(list.getMap("chains").size(), list.getInt("total_chains"));
    assertEquals("Chain " + id, list.getString("chains." + id + ".name"));
    assertFalse(
        list.getMap("chains").values().toString().contains("inactive"),
        "no inactive chain without include_inactive");
  }

  @Test
  void statsCountActiveChainsAscending() {
    long id = nextId();
    post(minimal(id)).statusCode(201);
    JsonPath stats =
        given()
            .get("/api/chains/stats")
            .then()
            .statusCode(200)
            .body("loaded", equalTo(true))
            .body("supported_chain_ids", hasItem((int) id))
            .body("last_refresh", matchesPattern(TIMESTAMP))
            .body("timestamp", matchesPattern(TIMESTAMP))
            .extract()
            .jsonPath();
    List<Long> ids = stats.getList("supported_chain_ids", Long.class);
    assertEquals(ids.stream().sorted().toList(), ids, "ascending");
    assertEquals(ids.size(), stats.getInt("total_chains"));
    assertEquals(ids.size(), stats.getInt("active_chains"));
  }

  @Test
  void refreshAsksObserversToReloadEveryChainAndAnswersWithChainIdZero() {
    int before = recorder.seen().size();
    given()
        .post("/api/chains/refresh")
        .then()
        .statusCode(200)
        .body("message", equalTo("Chain registry refreshed"))
        .body("chain_id", equalTo(0))
        .body("timestamp", matchesPattern(TIMESTAMP));
    // The answer waits for the observers.
    assertTrue(
        recorder.seen().subList(before, recorder.seen().size()).contains(ChainsChanged.all()));
  }

  @Test
  void everyChangeAsksObserversToReloadThatChain() {
    long id = nextId();
    post(minimal(id)).statusCode(201);
    put(id, "{\"name\": \"Renamed\"}").statusCode(200);
    delete(id).statusCode(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> recorder.seen().stream().filter(ChainsChanged.chain(id)::equals).count() == 3);
  }

  @Test
  void credentialsInUrlsNeverLeaveTheService() {
    long id = nextId();
    String secretUrl = "https://alice:pa55word@rpc.example.com/v2/abcdEFGH12345678?key=topsecret";
    post("""
            {"chain_id": %d, "name": "Secret", "rpc_urls": ["%s", "http://127.0.0.1:8545"],
             "live_websocket_url": "wss://ws.example.com/ABCDEFGHIJ0123456789"}"""
            .formatted(id, secretUrl))
        .statusCode(201);

    String masked = "https://***@rpc.example.com/v2/***?key=***";
    String one =
        get(id)
            .body("rpc_urls", contains(masked, "http://127.0.0.1:8545"))
            .body("historical_rpc_url", equalTo(masked))
            .body("live_websocket_url", equalTo("wss://ws.example.com/***"))
            .extract()
            .asString();
    String list = given().get("/api/chains").then().statusCode(200).extract().asString();
    for (String body : List.of(one, list)) {
      for (String secret :
          List.of("alice", "pa55word", "abcdEFGH12345678", "topsecret", "ABCDEFGHIJ0123456789")) {
        assertFalse(body.contains(secret), secret + " leaked");
      }
    }

    // Sending back what GET showed keeps the stored URLs.
    put(
            id,
            "{\"rpc_urls\": [\"%s\", \"http://127.0.0.1:8545\"], \"live_websocket_url\": \"wss://ws.example.com/***\"}"
                .formatted(masked))
        .statusCode(200)
        .body("message", equalTo("Chain " + id + " unchanged"));
    assertEquals(List.of(secretUrl, "http://127.0.0.1:8545"), storedUrls(id), "stored URLs kept");
    // A reordering keeps them too.
    put(id, "{\"rpc_urls\": [\"http://127.0.0.1:8545\", \"%s\"]}".formatted(masked))
        .statusCode(200);
    assertEquals(List.of("http://127.0.0.1:8545", secretUrl), storedUrls(id));
  }

  @Test
  void twoKeysOnOneHostSentBackMaskedKeepTheirPlacesOrAreRefused() {
    long id = nextId();
    String keyA = "https://rpc.example.com/v2/AAAAAAAAAAAAAAAAAAAA1";
    String keyB = "https://rpc.example.com/v2/BBBBBBBBBBBBBBBBBBBB2";
    post("""
            {"chain_id": %d, "name": "Two keys", "rpc_urls": ["%s", "%s"]}"""
            .formatted(id, keyA, keyB))
        .statusCode(201);
    String masked = "https://rpc.example.com/v2/***";
    get(id).body("rpc_urls", contains(masked, masked));

    // The list as it was read: each masked URL stands for the one in its place.
    put(id, "{\"rpc_urls\": [\"%s\", \"%s\"]}".formatted(masked, masked))
        .statusCode(200)
        .body("message", equalTo("Chain " + id + " unchanged"));
    assertEquals(List.of(keyA, keyB), storedUrls(id));
    // A new primary in front: the masked URLs are out of place and could be either key.
    put(
            id,
            "{\"rpc_urls\": [\"https://new.example.org/\", \"%s\", \"%s\"]}"
                .formatted(masked, masked))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("rpc_urls[2]"))
        .body("violations.find { it.field == 'rpc_urls[2]' }.message", containsString("several"));
    assertEquals(List.of(keyA, keyB), storedUrls(id), "nothing changed");
    // With the full URLs it goes through.
    put(id, "{\"rpc_urls\": [\"https://new.example.org/\", \"%s\", \"%s\"]}".formatted(keyB, keyA))
        .statusCode(200);
    assertEquals(List.of("https://new.example.org/", keyB, keyA), storedUrls(id));
  }

  @Test
  void reactivatingWithTheMaskedUrlsReadKeepsTheStoredOnes() {
    long id = nextId();
    String rpc = "https://rpc.example.com/v3/0123456789abcdef0123";
    String ws = "wss://ws.example.com/ws?apikey=s3cret";
    post("""
            {"chain_id": %d, "name": "Comeback", "rpc_urls": ["%s"], "live_websocket_url": "%s"}"""
            .formatted(id, rpc, ws))
        .statusCode(201);
    delete(id).statusCode(200);
    Map<String, Object> read = get(id).statusCode(200).extract().jsonPath().getMap("$");
    assertEquals("wss://ws.example.com/ws?apikey=***", read.get("live_websocket_url"));
    // What a client read, posted back to reactivate the chain.
    post(read).statusCode(201).body("message", equalTo("Chain " + id + " reactivated"));
    assertEquals(List.of(rpc), storedUrls(id));
    assertEquals(ws, storedWebsocketUrl(id));
    // A comeback that sends no WebSocket URL has none.
    delete(id).statusCode(200);
    post(minimal(id)).statusCode(201);
    assertNull(storedWebsocketUrl(id));
  }

  @Test
  void putOfTheChainAsReadWithOneChunkSizeChangedTakesTheChange() {
    long id = nextId();
    post(minimal(id)).statusCode(201);
    Map<String, Object> read = get(id).extract().jsonPath().getMap("$");
    read.put("historical_max_chunk_size", 777);
    put(id, read).statusCode(200).body("message", equalTo("Chain " + id + " updated"));
    get(id)
        .body("historical_max_chunk_size", equalTo(777))
        .body("max_blocks_per_request", equalTo(777));
    read.put("historical_max_chunk_size", 777);
    read.put("max_blocks_per_request", 555);
    put(id, read).statusCode(200);
    get(id).body("historical_max_chunk_size", equalTo(555));
    // Two new values, neither the stored one: which one was meant is unknown.
    put(id, "{\"historical_max_chunk_size\": 100, \"max_blocks_per_request\": 200}")
        .statusCode(400)
        .body("violations.field", hasItem("max_blocks_per_request"));
    get(id).body("historical_max_chunk_size", equalTo(555));
  }

  @Test
  void openApiDocumentsBothRequestShapesAndAnIntegerPathId() {
    JsonPath doc = OpenApiDocument.fetch();
    Map<String, Object> properties = doc.getMap("components.schemas.ChainChanges.properties");
    for (String field :
        List.of(
            "historical_rpc_url",
            "rpc_urls",
            "max_blocks_per_request",
            "live_gap_fill_chunk_size")) {
      assertTrue(properties.containsKey(field), field);
    }
    assertEquals(
        "integer", doc.getString("paths.'/api/chains/{chain_id}'.get.parameters[0].schema.type"));
  }

  /** A setting added after a row was written needs no migration: the row reads its default. */
  @Test
  void aSettingMissingFromTheStoredDocumentReadsAsItsDefault() {
    long id = nextId();
    pool.preparedQuery(
            "insert into chains (chain_id, name, rpc_urls, ingestion) values ($1, 'Older',"
                + " '{http://127.0.0.1:8545}', '{\"average_block_time\": 2,"
                + " \"confirmation_blocks\": 4}'::jsonb)")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(10));
    get(id)
        .statusCode(200)
        .body("average_block_time", equalTo(2.0f))
        .body("confirmation_blocks", equalTo(4))
        .body("live_max_gap_size", equalTo(IngestionSetting.LIVE_MAX_GAP_SIZE.byDefault()))
        .body("live_enable_gap_detection", equalTo(true));

    put(id, "{\"live_max_gap_size\": 5}").statusCode(200);
    get(id).body("live_max_gap_size", equalTo(5)).body("confirmation_blocks", equalTo(4));
    // Written back whole: every setting is in the document now.
    String stored =
        pool.preparedQuery("select ingestion::text from chains where chain_id = $1")
            .execute(Tuple.of(id))
            .map(rows -> rows.iterator().next().getString(0))
            .await()
            .atMost(Duration.ofSeconds(10));
    for (IngestionSetting setting : IngestionSetting.values()) {
      assertTrue(stored.contains("\"" + setting.field() + "\""), setting.field());
    }
  }

  @Test
  void openApiSchemasListEveryIngestionSettingWithItsTypeAndRange() {
    JsonPath doc = OpenApiDocument.fetch();
    for (String schema : List.of("ChainChanges", "ChainView", "ChainAnswer")) {
      Map<String, Object> properties = doc.getMap("components.schemas." + schema + ".properties");
      assertFalse(properties.containsKey("ingestion"), schema);
      for (IngestionSetting setting : IngestionSetting.values()) {
        String where = schema + "." + setting.field();
        assertTrue(properties.containsKey(setting.field()), where);
        String path = "components.schemas." + schema + ".properties." + setting.field();
        assertEquals(
            setting.kind().name().toLowerCase(Locale.ROOT), doc.getString(path + ".type"), where);
        assertEquals(
            setting.minimum().map(Object::toString).orElse(null),
            doc.getString(path + ".minimum"),
            where);
        assertEquals(
            setting.maximum().map(Object::toString).orElse(null),
            doc.getString(path + ".maximum"),
            where);
      }
    }
    assertEquals(
        "10000",
        doc.getString(
            "components.schemas.ChainChanges.properties.historical_max_chunk_size.default"));
  }

  private String storedWebsocketUrl(long id) {
    return pool.preparedQuery("select websocket_url from chains where chain_id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.iterator().next().getString("websocket_url"))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private List<String> storedUrls(long id) {
    return pool.preparedQuery("select rpc_urls from chains where chain_id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Arrays.asList(rows.iterator().next().getArrayOfStrings("rpc_urls")))
        .await()
        .atMost(Duration.ofSeconds(10));
  }
}
