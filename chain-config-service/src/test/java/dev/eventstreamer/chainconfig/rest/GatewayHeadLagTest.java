package dev.eventstreamer.chainconfig.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.eventstreamer.chainconfig.GatewayTestChains;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.DevChainTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A primary endpoint far behind the head is skipped for reads near the head, not for others. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(DevChainTestResource.class)
class GatewayHeadLagTest {

  static final long CHAIN = 5005;

  @Inject GatewayTestChains chains;

  @Test
  void skipsALaggingEndpointForHeadReadsOnly() {
    DevChain chain = DevChain.shared();
    chain.mine(10);
    WireMockServer wiremock = new WireMockServer(options().dynamicPort());
    wiremock.start();
    try {
      wiremock.stubFor(
          post(urlPathEqualTo("/"))
              .withRequestBody(matchingJsonPath("$.method", equalTo("eth_blockNumber")))
              .willReturn(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}")));
      wiremock.stubFor(
          post(urlPathEqualTo("/"))
              .withRequestBody(matchingJsonPath("$.method", equalTo("net_version")))
              .willReturn(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"from-the-primary\"}")));
      chains.put(CHAIN, 30, "http://127.0.0.1:" + wiremock.port(), chain.rpcUrl());
      String primary = "127.0.0.1:" + wiremock.port();
      await()
          .untilAsserted(
              () ->
                  given()
                      .get("/api/circuit-breakers/status")
                      .then()
                      .body("rpc_clients.'5005'.'" + primary + "'.is_lagging", is(true))
                      .body("rpc_clients.'5005'.'" + primary + "'.head_block", is(1))
                      .body("rpc_clients.'5005'.'" + primary + "'.is_healthy", is(false))
                      .body("rpc_clients.'5005'.'" + primary + "'.state", is("closed")));

      // "Healthy" means the same in every answer: closed and not lagging. The lagging endpoint's
      // breaker is closed, yet no answer counts it healthy.
      io.restassured.path.json.JsonPath status =
          given().get("/api/circuit-breakers/status").then().extract().jsonPath();
      io.restassured.path.json.JsonPath health =
          given().get("/api/circuit-breakers/health").then().extract().jsonPath();
      int healthy = status.getInt("summary.healthy");
      org.junit.jupiter.api.Assertions.assertTrue(
          healthy < status.getInt("summary.closed"), status.prettify());
      org.junit.jupiter.api.Assertions.assertEquals(
          healthy, health.getInt("healthy_circuit_breakers"), health.prettify());
      org.junit.jupiter.api.Assertions.assertEquals(healthy, health.getInt("healthy_rpcs"));
      org.junit.jupiter.api.Assertions.assertEquals(
          "degraded", health.getString("overall_health"), health.prettify());

      String head = "0x" + Long.toHexString(chain.blockNumber());
      rpc("eth_blockNumber").body("result", is(head));
      rpc("net_version").body("result", is("from-the-primary"));
    } finally {
      wiremock.stop();
      chains.delete(List.of(CHAIN));
    }
  }

  private static io.restassured.response.ValidatableResponse rpc(String method) {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}")
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(200);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }
}
