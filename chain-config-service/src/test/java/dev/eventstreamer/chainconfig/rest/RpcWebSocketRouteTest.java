package dev.eventstreamer.chainconfig.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /rpc/{chain_id}/ws} relays a WebSocket to the chain's own, so a caller subscribes to
 * new heads of the real dev chain without knowing its URL; what cannot be relayed is a problem
 * body.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(DevChainTestResource.class)
class RpcWebSocketRouteTest {

  static final long WITH_SOCKET = 5_201;
  static final long WITHOUT_SOCKET = 5_202;
  static final long DEAD_SOCKET = 5_203;
  static final ObjectMapper JSON = new ObjectMapper();

  @Inject GatewayTestChains chains;

  @TestHTTPResource("/")
  URL base;

  DevChain chain = DevChain.shared();

  @AfterEach
  void removeChains() {
    chains.delete(List.of(WITH_SOCKET, WITHOUT_SOCKET, DEAD_SOCKET));
  }

  @Test
  void relaysNewHeadsOfTheChainsOwnSocket() throws Exception {
    chains.putWithWebsocket(
        WITH_SOCKET, chain.rpcUrl().replaceFirst("^http", "ws"), chain.rpcUrl());
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(socketUri(WITH_SOCKET), new TextMessages(received))
            .get(10, TimeUnit.SECONDS);
    try {
      socket.sendText(
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
          true);
      JsonNode subscribed = next(received);
      assertEquals(7, subscribed.path("id").asInt(), "the node's answer comes back: " + subscribed);
      String subscription = subscribed.path("result").asText();
      assertTrue(subscription.startsWith("0x"), subscribed.toString());

      // As over HTTP, nothing that sends or changes the node gets through.
      long before = chain.blockNumber();
      socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"evm_mine\",\"params\":[]}", true);
      JsonNode refused = next(received);
      assertEquals(8, refused.path("id").asInt(), refused.toString());
      assertEquals(-32601, refused.path("error").path("code").asInt(), refused.toString());
      socket.sendText(
          "[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"eth_chainId\"},"
              + "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"eth_sendRawTransaction\","
              + "\"params\":[\"0x00\"]}]",
          true);
      JsonNode batch = next(received);
      assertEquals(2, batch.size(), batch.toString());
      assertEquals(-32601, batch.get(1).path("error").path("code").asInt(), batch.toString());
      assertEquals(before, chain.blockNumber(), "the refused call never reached the node");

      chain.call("evm_mine");
      long mined = chain.blockNumber();
      JsonNode head = next(received);
      assertEquals("eth_subscription", head.path("method").asText(), head.toString());
      assertEquals(subscription, head.path("params").path("subscription").asText());
      assertEquals(mined, Long.decode(head.path("params").path("result").path("number").asText()));
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChainWithoutASocketIsNotFound() {
    chains.put(WITHOUT_SOCKET, 1, chain.rpcUrl());
    upgrade()
        .get("/rpc/" + WITHOUT_SOCKET + "/ws")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("has no live_websocket_url"));
    upgrade()
        .get("/rpc/999999/ws")
        .then()
        .statusCode(404)
        .body("detail", is("Chain 999999 not found"));
  }

  @Test
  void anUnreachableSocketIsABadGateway() {
    chains.putWithWebsocket(DEAD_SOCKET, "ws://127.0.0.1:1/", chain.rpcUrl());
    upgrade()
        .get("/rpc/" + DEAD_SOCKET + "/ws")
        .then()
        .statusCode(502)
        .contentType("application/problem+json")
        .body("error_code", is("UPSTREAM_UNAVAILABLE"))
        .body("chain_id", is((int) DEAD_SOCKET));
  }

  @Test
  void aPlainGetOrABadIdIsABadRequest() {
    chains.putWithWebsocket(
        WITH_SOCKET, chain.rpcUrl().replaceFirst("^http", "ws"), chain.rpcUrl());
    given()
        .get("/rpc/" + WITH_SOCKET + "/ws")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("Upgrade: websocket"));
    upgrade()
        .get("/rpc/abc/ws")
        .then()
        .statusCode(400)
        .body("detail", is("chain_id must be a positive integer"));
  }

  private static RequestSpecification upgrade() {
    return given()
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
  }

  private URI socketUri(long chainId) {
    return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/rpc/" + chainId + "/ws");
  }

  private static JsonNode next(BlockingQueue<String> received) throws Exception {
    String text = received.poll(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
    if (text == null) {
      throw new AssertionError("nothing came over the socket in 15 s");
    }
    return JSON.readTree(text);
  }
}
