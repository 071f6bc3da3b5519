package dev.eventstreamer.chainconfig.rest;

import static dev.eventstreamer.chainconfig.TestChains.minimal;
import static dev.eventstreamer.chainconfig.TestChains.nextId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.chainconfig.GatewayTestChains;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.DevChainTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.infra.testing.TextMessages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API keys on: every chain write and breaker reset takes the admin key only, the JSON-RPC gateway
 * (HTTP and WebSocket, in front of the real dev chain) the admin key or a service key; a
 * subscriber's key does neither; reads stay open. Refused calls change nothing.
 */
@QuarkusTest
@TestProfile(ApiKeyAuthTest.KeysOn.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(DevChainTestResource.class)
class ApiKeyAuthTest {

  static final String ADMIN = "esk_admin-key-of-the-chain-auth-test";
  static final String SERVICE = "esk_service-key-of-the-chain-auth-test";
  static final String OLD_SERVICE = "esk_older-service-key-being-rotated-out";
  // Shaped like subscription-service's keys: this service does not know it, as it knows none.
  static final String SUBSCRIBER = "esk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd";

  static final long CHAIN = 31337;
  static final long SOCKET_CHAIN = 5_301;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CHAIN_ID_CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";

  /** API keys on, with the admin key and two service keys (one being rotated out). */
  public static class KeysOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "chain-config.auth.enabled",
          "true",
          "chain-config.auth.admin-key",
          ADMIN,
          "chain-config.auth.service-keys",
          SERVICE + ", " + OLD_SERVICE);
    }
  }

  /**
   * How a write is sent; a write is tried without a key, with wrong keys, then with the admin's.
   */
  record Write(String method, String path, String body) {
    ValidatableResponse send(Function<RequestSpecification, RequestSpecification> key) {
      RequestSpecification request = key.apply(given());
      if (body != null) {
        request = request.contentType(ContentType.JSON).body(body);
      }
      return request.request(method, path).then();
    }
  }

  @Inject GatewayTestChains chains;

  @TestHTTPResource("/")
  URL base;

  DevChain chain = DevChain.shared();

  @BeforeEach
  void registerDevChain() {
    chains.put(CHAIN, 1, chain.rpcUrl());
  }

  @AfterEach
  void removeSocketChain() {
    chains.delete(List.of(SOCKET_CHAIN));
  }

  @Test
  void everyChainWriteAndBreakerResetTakesTheAdminKeyOnly() {
    long id = nextId();
    String breaker = breakerOf(CHAIN);
    List<Write> writes =
        List.of(
            new Write("POST", "/api/chains", minimal(id)),
            new Write("PUT", "/api/chains/" + id, "{\"name\":\"Renamed\"}"),
            new Write("POST", "/api/chains/refresh", null),
            new Write("POST", "/api/circuit-breakers/reset", null),
            new Write("POST", "/api/circuit-breakers/" + breaker + "/reset", null),
            new Write("DELETE", "/api/chains/" + id, null));
    for (Write write : writes) {
      String what = write.method() + " " + write.path();
      unauthorized(write.send(r -> r), what)
          .body("detail", containsString("admin key is required"));
      unauthorized(write.send(r -> r.header("X-API-Key", SUBSCRIBER)), what)
          .body("detail", containsString("a subscriber's key cannot"));
      unauthorized(write.send(r -> r.header("Authorization", "Bearer " + ADMIN + "x")), what);
      problem(write.send(r -> r.header("X-API-Key", SERVICE)), 403, what)
          .body("detail", containsString("the admin key is required"));
      // Nothing changed: the refused POST created nothing, the refused PUT renamed nothing, the
      // refused DELETE left the chain active.
      if (write.path().equals("/api/chains")) {
        given().get("/api/chains/" + id).then().statusCode(404);
      } else if (write.method().equals("PUT")) {
        given().get("/api/chains/" + id).then().statusCode(200).body("name", is("Chain " + id));
      } else if (write.method().equals("DELETE")) {
        given().get("/api/chains/" + id).then().statusCode(200).body("status", is("active"));
      }
      // The admin key, as a bearer token or in X-API-Key.
      Function<RequestSpecification, RequestSpecification> admin =
          write.method().equals("PUT")
              ? r -> r.header("X-API-Key", ADMIN)
              : r -> r.header("Authorization", "Bearer " + ADMIN);
      ValidatableResponse done = write.send(admin);
      done.statusCode(write.path().equals("/api/chains") ? 201 : 200);
    }
    given()
        .get("/api/chains/" + id)
        .then()
        .statusCode(200)
        .body("name", is("Renamed"))
        .body("status", is("inactive"));
  }

  @Test
  void aKeyIsAskedBeforeTheBodyIsRead() {
    unauthorized(
        given().contentType(ContentType.JSON).body("{not json").post("/api/chains").then(),
        "a malformed body");
  }

  @Test
  void readsStayOpen() {
    String breaker = breakerOf(CHAIN);
    for (String path :
        List.of(
            "/api/chains",
            "/api/chains?include_inactive=true",
            "/api/chains/stats",
            "/api/chains/" + CHAIN,
            "/api/circuit-breakers/status",
            "/api/circuit-breakers/health",
            "/api/circuit-breakers/config",
            "/api/circuit-breakers/" + breaker + "/metrics",
            "/health",
            "/q/health/ready")) {
      given().get(path).then().statusCode(200);
    }
    given().get("/api/chains/" + CHAIN).then().body("chain_id", is((int) CHAIN));
  }

  @Test
  void theRpcGatewayTakesTheAdminKeyOrAServiceKey() {
    unauthorized(rpc(r -> r), "no key")
        .body("detail", containsString("An API key is required for the RPC gateway"));
    unauthorized(rpc(r -> r.header("X-API-Key", SUBSCRIBER)), "a subscriber's key")
        .body("detail", containsString("not valid for the RPC gateway"));
    // Refused before the path is even read.
    unauthorized(
        given().contentType(ContentType.JSON).body(CHAIN_ID_CALL).post("/rpc/abc").then(),
        "a bad chain id");

    for (Function<RequestSpecification, RequestSpecification> key :
        List.<Function<RequestSpecification, RequestSpecification>>of(
            r -> r.header("X-API-Key", SERVICE),
            r -> r.header("Authorization", "Bearer " + OLD_SERVICE),
            r -> r.header("Authorization", "bearer " + ADMIN))) {
      rpc(key).statusCode(200).body("id", equalTo(1)).body("result", equalTo("0x7a69"));
    }
  }

  @Test
  void theWebSocketRelayAsksForAKeyBeforeTheUpgrade() throws Exception {
    chains.putWithWebsocket(
        SOCKET_CHAIN, chain.rpcUrl().replaceFirst("^http", "ws"), chain.rpcUrl());
    unauthorized(upgrade().get("/rpc/" + SOCKET_CHAIN + "/ws").then(), "no key on the socket")
        .body("detail", containsString("An API key is required"));
    unauthorized(
        upgrade().header("X-API-Key", SUBSCRIBER).get("/rpc/" + SOCKET_CHAIN + "/ws").then(),
        "a subscriber's key on the socket");
    ExecutionException refused =
        assertThrows(
            ExecutionException.class,
            () -> open(null, new LinkedBlockingQueue<>()).get(10, TimeUnit.SECONDS));
    assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
    assertEquals(
        401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket = open(SERVICE, received).get(10, TimeUnit.SECONDS);
    try {
      socket.sendText(
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
          true);
      String text = received.poll(15, TimeUnit.SECONDS);
      assertTrue(text != null, "the node answered over the relay");
      JsonNode subscribed = JSON.readTree(text);
      assertEquals(7, subscribed.path("id").asInt(), text);
      assertTrue(subscribed.path("result").asText().startsWith("0x"), text);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theOpenApiDocumentSaysWhichOperationsTakeAKey() {
    JsonPath doc = OpenApiDocument.fetch();
    assertEquals("bearer", doc.getString("components.securitySchemes.bearer.scheme"));
    assertEquals("X-API-Key", doc.getString("components.securitySchemes.apiKey.name"));
    List<Map<String, Object>> keyed =
        List.of(Map.of("bearer", List.of()), Map.of("apiKey", List.of()));
    for (String operation :
        List.of(
            "'/api/chains'.post",
            "'/api/chains/{chain_id}'.put",
            "'/api/chains/{chain_id}'.delete",
            "'/api/chains/refresh'.post",
            "'/api/circuit-breakers/reset'.post",
            "'/api/circuit-breakers/{name}/reset'.post",
            "'/rpc/{chain_id}'.post",
            "'/rpc/{chain_id}/ws'.get")) {
      assertEquals(keyed, doc.getList("paths." + operation + ".security"), operation);
    }
    for (String operation :
        List.of(
            "'/api/chains'.get",
            "'/api/chains/{chain_id}'.get",
            "'/api/circuit-breakers/status'.get")) {
      assertNull(doc.get("paths." + operation + ".security"), operation);
    }
  }

  private ValidatableResponse rpc(Function<RequestSpecification, RequestSpecification> key) {
    return key.apply(given())
        .contentType(ContentType.JSON)
        .body(CHAIN_ID_CALL)
        .post("/rpc/{chain}", CHAIN)
        .then();
  }

  private static ValidatableResponse unauthorized(ValidatableResponse response, String what) {
    return problem(response, 401, what).header("WWW-Authenticate", "Bearer");
  }

  private static ValidatableResponse problem(
      ValidatableResponse response, int status, String what) {
    int got = response.extract().statusCode();
    assertEquals(status, got, what + ": " + response.extract().asString());
    return response
        .contentType("application/problem+json")
        .body("status", is(status))
        .body("title", is(status == 401 ? "Unauthorized" : "Forbidden"))
        .body("type", is("about:blank"));
  }

  private static String breakerOf(long chainId) {
    List<String> names = new ArrayList<>();
    given()
        .get("/api/circuit-breakers/status")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("circuit_breakers")
        .keySet()
        .forEach(name -> names.add((String) name));
    return names.stream()
        .filter(n -> n.startsWith("rpc:" + chainId + ":"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no breaker of chain " + chainId + ": " + names));
  }

  private static RequestSpecification upgrade() {
    return given()
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
  }

  private CompletableFuture<WebSocket> open(String key, BlockingQueue<String> received) {
    WebSocket.Builder builder =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().newWebSocketBuilder();
    if (key != null) {
      builder.header("X-API-Key", key);
    }
    URI uri =
        URI.create(
            "ws://" + base.getHost() + ":" + base.getPort() + "/rpc/" + SOCKET_CHAIN + "/ws");
    return builder.buildAsync(uri, new TextMessages(received));
  }
}
