package dev.eventstreamer.chainconfig.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.eventstreamer.chainconfig.GatewayTestChains;
import dev.eventstreamer.chainconfig.TricklingUpstream;
import dev.eventstreamer.chainconfig.service.RpcHealth;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.DevChainTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failover and the breaker's life, with a WireMock endpoint that fails on purpose in front of the
 * real dev chain. Test settings: 3 failures open a breaker, 2 s to half-open, 2 successes close it,
 * 1 s timeout.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(DevChainTestResource.class)
class GatewayFailoverTest {

  static final String CHAIN_ID =
      "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"eth_chainId\",\"params\":[]}";

  // A provider key in the path, as Infura and Alchemy URLs carry it.
  private static final String PATH_KEY = "PATHKEY0123456789abcdef";
  private static final String KEYED_PATH = "/v3/" + PATH_KEY + "/rpc";

  static WireMockServer wiremock;

  @Inject GatewayTestChains chains;

  @Inject RpcHealth rpcHealth;

  DevChain chain = DevChain.shared();

  @BeforeAll
  static void startWireMock() {
    wiremock = new WireMockServer(options().dynamicPort());
    wiremock.start();
  }

  @AfterAll
  static void stopWireMock() {
    wiremock.stop();
  }

  @AfterEach
  void clean() {
    chains.delete(
        List.of(5001L, 5002L, 5003L, 5004L, 5006L, 5007L, 5008L, 5009L, 5010L, 5011L, 5012L));
    wiremock.resetAll();
  }

  String wiremockUrl() {
    return "http://127.0.0.1:" + wiremock.port() + "/rpc";
  }

  String wiremockEndpoint() {
    return "127.0.0.1:" + wiremock.port();
  }

  String devChainEndpoint() {
    URI url = URI.create(chain.rpcUrl());
    return url.getHost() + ":" + url.getPort();
  }

  @Test
  void namesTheEndpointThatAnswered() {
    wiremock.stubFor(
        post(urlPathEqualTo("/rpc"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(answer("0x7a69"))));
    chains.put(5012, 30, wiremockUrl(), chain.rpcUrl());
    rpc(5012, CHAIN_ID)
        .statusCode(200)
        .body("result", is("0x7a69"))
        .header(RpcGatewayRoute.ENDPOINT_HEADER, is(wiremockEndpoint()));
    // A call refused by the gateway itself reached no endpoint and names none.
    rpc(5012, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\",\"params\":[]}")
        .statusCode(200)
        .body("error.code", Matchers.notNullValue())
        .header(RpcGatewayRoute.ENDPOINT_HEADER, Matchers.nullValue());
  }

  @Test
  void failsOverToTheNextEndpointWithinOneCall() {
    List<ResponseDefinitionBuilder> faults =
        List.of(
            aResponse().withStatus(500).withBody("upstream broke"),
            aResponse().withStatus(429),
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            aResponse().withFixedDelay(1500).withBody(answer("0x1")),
            aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(
                    "{\"jsonrpc\":\"2.0\",\"id\":11,\"error\":{\"code\":-32005,"
                        + "\"message\":\"daily request count exceeded, request rate limited\"}}"));
    // Heads polled every 30 s: only the test's own calls reach WireMock.
    chains.put(5001, 30, wiremockUrl(), chain.rpcUrl());
    String name = "rpc:5001:" + wiremockEndpoint();
    for (ResponseDefinitionBuilder fault : faults) {
      given().post("/api/circuit-breakers/{name}/reset", name).then().statusCode(200);
      wiremock.resetAll();
      wiremock.stubFor(post(urlPathEqualTo("/rpc")).willReturn(fault));
      rpc(5001, CHAIN_ID)
          .statusCode(200)
          .body("id", is(11))
          .body("result", is("0x7a69"))
          // The answer names the endpoint that gave it: the dev chain, not the failing one.
          .header(RpcGatewayRoute.ENDPOINT_HEADER, is(devChainEndpoint()));
      given()
          .get("/api/circuit-breakers/{name}/metrics", name)
          .then()
          .statusCode(200)
          .body("failure_count", greaterThanOrEqualTo(1))
          .body("consecutive_failures", greaterThanOrEqualTo(1));
    }
    wiremock.verify(postRequestedFor(urlPathEqualTo("/rpc")));
  }

  @Test
  void breakerOpensGoesHalfOpenAndClosesAgain() {
    wiremock.stubFor(
        post(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(503).withBody("down")));
    chains.put(5002, 30, wiremockUrl());
    String name = "rpc:5002:" + wiremockEndpoint();
    // The first head poll may already have failed once; reset to count from zero.
    await().untilAsserted(() -> metrics(name).body("total_calls", greaterThanOrEqualTo(1)));
    given().post("/api/circuit-breakers/{name}/reset", name).then().statusCode(200);

    for (int i = 0; i < 3; i++) {
      rpc(5002, CHAIN_ID)
          .statusCode(502)
          .contentType("application/problem+json")
          .body("error_code", is("UPSTREAM_UNAVAILABLE"))
          .body("detail", containsString(name))
          .body("detail", containsString("HTTP 503"));
    }
    metrics(name)
        .body("state", is("open"))
        .body("failure_count", is(3))
        .body("consecutive_failures", is(3))
        .body("total_calls", is(3))
        .body("failure_rate", is(100.0f))
        .body("state_transitions.closed_to_open", is(1));
    rpc(5002, CHAIN_ID)
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", Matchers.matchesPattern("[12]"))
        .body("error_code", is("CIRCUIT_BREAKER_OPEN"))
        .body("retry_after", Matchers.isOneOf(1, 2));
    given()
        .get("/api/circuit-breakers/health")
        .then()
        .body("overall_health", not(is("healthy")))
        .body("unhealthy_chains", Matchers.hasItem(5002));
    given()
        .get("/api/chains/stats")
        .then()
        .body("unhealthy_chains", Matchers.hasItem(5002))
        .body("total_rpcs", greaterThanOrEqualTo(1));
    RpcHealth.Summary summary = rpcHealth.summary();
    assertThat(summary.unhealthyChains(), Matchers.hasItem(5002L));
    assertThat(summary.totalRpcs() > summary.healthyRpcs(), is(true));
    assertThat(summary.lastReload().isPresent(), is(true));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'rpc-gateway' }.status", is("UP"))
        .body(
            "checks.find { it.name == 'rpc-gateway' }.data.unhealthy_chains",
            containsString("5002"));

    wiremock.resetAll();
    wiremock.stubFor(post(urlPathEqualTo("/rpc")).willReturn(okJson(answer("0x7a69"))));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> metrics(name).body("state", is("half_open")));
    rpc(5002, CHAIN_ID).statusCode(200).body("result", is("0x7a69"));
    metrics(name).body("state", is("half_open")).body("half_open_calls", is(1));
    rpc(5002, CHAIN_ID).statusCode(200);
    metrics(name)
        .body("state", is("closed"))
        .body("consecutive_successes", is(2))
        .body("half_open_calls", is(2))
        .body("state_transitions.open_to_half_open", is(1))
        .body("state_transitions.half_open_to_closed", is(1));
    given()
        .get("/api/circuit-breakers/status")
        .then()
        .statusCode(200)
        .body("circuit_breakers", hasKey(name))
        .body("circuit_breakers.'" + name + "'.state", is("closed"))
        .body("rpc_clients.'5002'.'" + wiremockEndpoint() + "'.state", is("closed"))
        .body("rpc_clients.'5002'.'" + wiremockEndpoint() + "'.is_healthy", is(true))
        .body("summary.total_circuit_breakers", greaterThanOrEqualTo(1));
  }

  @Test
  void aFailedTrialCallOpensTheBreakerAgain() {
    wiremock.stubFor(
        post(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(500).withBody("down")));
    chains.put(5010, 30, wiremockUrl());
    String name = "rpc:5010:" + wiremockEndpoint();
    await().untilAsserted(() -> metrics(name).body("total_calls", greaterThanOrEqualTo(1)));
    given().post("/api/circuit-breakers/{name}/reset", name).then().statusCode(200);
    for (int i = 0; i < 3; i++) {
      rpc(5010, CHAIN_ID).statusCode(502);
    }
    metrics(name).body("state", is("open"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> metrics(name).body("state", is("half_open")));
    rpc(5010, CHAIN_ID).statusCode(502);
    metrics(name)
        .body("state", is("open"))
        .body("half_open_calls", is(1))
        .body("state_transitions.open_to_half_open", is(1))
        .body("state_transitions.half_open_to_open", is(1));
    rpc(5010, CHAIN_ID).statusCode(503).body("error_code", is("CIRCUIT_BREAKER_OPEN"));
  }

  @Test
  void notificationsNeverReachAnEndpointNorCountAgainstIt() {
    // A node that answers notifications as JSON-RPC says, with nothing: if they were forwarded,
    // every empty answer would be a failed call.
    wiremock.stubFor(post(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(200)));
    chains.put(5009, 30, wiremockUrl());
    String name = "rpc:5009:" + wiremockEndpoint();
    await().untilAsserted(() -> metrics(name).body("total_calls", greaterThanOrEqualTo(1)));
    given().post("/api/circuit-breakers/{name}/reset", name).then().statusCode(200);
    wiremock.resetRequests();
    for (int i = 0; i < 5; i++) {
      rpc(5009, "{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\",\"params\":[]}")
          .statusCode(204);
    }
    metrics(name).body("state", is("closed")).body("total_calls", is(0));
    wiremock.verify(0, postRequestedFor(urlPathEqualTo("/rpc")));
  }

  @Test
  void aTimedOutRequestIsResetEvenWhileTheUpstreamTricklesBytes() throws Exception {
    // Headers, then a byte of body every 200 ms: the connection never goes idle.
    try (TricklingUpstream trickle = new TricklingUpstream()) {
      chains.put(5011, 30, trickle.url(), chain.rpcUrl());
      long start = System.nanoTime();
      rpc(5011, CHAIN_ID).statusCode(200).body("result", is("0x7a69"));
      assertThat(
          "the call failed over after the 1 s timeout",
          Duration.ofNanos(System.nanoTime() - start).toMillis(),
          greaterThanOrEqualTo(900L));
      // The head poll and the call each timed out; both connections are dropped soon after.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(trickle.requests(), greaterThanOrEqualTo(1));
                assertThat(trickle.closed(), is(trickle.requests()));
              });
    }
  }

  @Test
  void resetClosesOneOrEveryBreaker() {
    wiremock.stubFor(post(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(500)));
    chains.put(5003, 30, wiremockUrl(), wiremockUrl() + "/second");
    String first = "rpc:5003:" + wiremockEndpoint();
    String second = first + "#2";
    for (int i = 0; i < 3; i++) {
      rpc(5003, CHAIN_ID).statusCode(Matchers.isOneOf(502, 503));
    }
    await().untilAsserted(() -> metrics(first).body("state", is("open")));
    metrics(second).body("state", is("open"));

    given()
        .urlEncodingEnabled(false)
        .post(
            "/api/circuit-breakers/" + URLEncoder.encode(first, StandardCharsets.UTF_8) + "/reset")
        .then()
        .statusCode(200)
        .body("status", is("success"))
        .body("reset_count", is(1))
        .body("message", containsString(first));
    metrics(first).body("state", is("closed")).body("failure_count", is(0));
    metrics(second).body("state", is("open"));

    given()
        .post("/api/circuit-breakers/reset")
        .then()
        .statusCode(200)
        .body("status", is("success"))
        .body("reset_count", greaterThanOrEqualTo(2));
    metrics(second).body("state", is("closed"));

    given()
        .post("/api/circuit-breakers/rpc:1:nowhere:1/reset")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("not found"));
    given()
        .urlEncodingEnabled(false)
        .get("/api/circuit-breakers/rpc%3A1%3Anowhere%3A1/metrics")
        .then()
        .statusCode(404)
        .body("detail", containsString("not found"));
  }

  @Test
  void neverShowsCredentials() {
    wiremock.stubFor(post(urlPathEqualTo(KEYED_PATH)).willReturn(okJson(answer("0x7a69"))));
    String url =
        "http://gateway-user:s3cr3tpass@127.0.0.1:"
            + wiremock.port()
            + KEYED_PATH
            + "?apikey=TOPSECRETAPIKEY123";
    chains.put(5004, 30, url);
    rpc(5004, CHAIN_ID).statusCode(200).body("result", is("0x7a69"));
    // The credentials reach the upstream...
    wiremock.verify(
        postRequestedFor(urlPathEqualTo(KEYED_PATH))
            .withQueryParam("apikey", equalTo("TOPSECRETAPIKEY123"))
            .withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials(
                    "gateway-user", "s3cr3tpass"))
            .withRequestBody(matchingJsonPath("$.method", equalTo("eth_chainId"))));
    // ...and nothing else.
    String name = "rpc:5004:" + wiremockEndpoint();
    for (String body :
        List.of(
            given().get("/api/circuit-breakers/status").asString(),
            given().get("/api/circuit-breakers/health").asString(),
            given().get("/api/circuit-breakers/{name}/metrics", name).asString(),
            given().get("/q/metrics").asString())) {
      assertThat(body, not(containsString("s3cr3tpass")));
      assertThat(body, not(containsString("TOPSECRETAPIKEY123")));
      assertThat(body, not(containsString("gateway-user")));
      assertThat(body, not(containsString(PATH_KEY)));
    }
    assertThat(
        given().get("/api/circuit-breakers/status").asString(),
        containsString("http://***@127.0.0.1:" + wiremock.port() + "/v3/***/rpc?apikey=***"));
    assertThat(
        given().get("/q/metrics").asString(),
        containsString("endpoint=\"" + wiremockEndpoint() + "\""));
  }

  @Test
  void aReloadKeepsUnchangedBreakersAndDropsRemovedOnes() {
    wiremock.stubFor(post(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(500)));
    chains.put(5006, 30, wiremockUrl());
    String name = "rpc:5006:" + wiremockEndpoint();
    for (int i = 0; i < 3; i++) {
      rpc(5006, CHAIN_ID).statusCode(Matchers.isOneOf(502, 503));
    }
    await().untilAsserted(() -> metrics(name).body("state", is("open")));

    chains.put(5006, 30, wiremockUrl(), chain.rpcUrl());
    metrics(name).body("state", is("open")).body("state_transitions.closed_to_open", is(1));
    rpc(5006, CHAIN_ID).statusCode(200).body("result", is("0x7a69"));

    chains.put(5006, 30, chain.rpcUrl());
    given().get("/api/circuit-breakers/{name}/metrics", name).then().statusCode(404);
    given()
        .get("/api/circuit-breakers/status")
        .then()
        .body("circuit_breakers", not(hasKey(name)))
        .body("rpc_clients.'5006'", not(hasKey(wiremockEndpoint())));
    String metrics = given().get("/q/metrics").asString();
    assertThat(
        metrics,
        containsString(
            "chain_id=\"5006\",endpoint=\"" + chain.rpcUrl().substring("http://".length()) + "\""));
    assertThat(
        metrics, not(containsString("chain_id=\"5006\",endpoint=\"" + wiremockEndpoint() + "\"")));
  }

  @Test
  void answers429WhenEveryEndpointRateLimits() {
    wiremock.stubFor(post(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(429)));
    chains.put(5007, 30, wiremockUrl());
    rpc(5007, CHAIN_ID)
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", is("1"))
        .body("error_code", is("RATE_LIMITED"))
        .body("retry_after", is(1));
  }

  @Test
  void putsBatchAnswersBackInRequestOrder() {
    // The upstream answers in its own order, as JSON-RPC allows.
    wiremock.stubFor(
        post(urlPathEqualTo("/rpc"))
            .withRequestBody(matchingJsonPath("$[0].method"))
            .willReturn(
                okJson(
                    "[{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"result\":\"second\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"first\"}]")));
    chains.put(5008, 30, wiremockUrl());
    rpc(
            5008,
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_version\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"admin_peers\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"web3_clientVersion\"}]")
        .statusCode(200)
        .body("id", Matchers.contains(1, 3, "b"))
        .body("[0].result", is("first"))
        .body("[1].error.code", is(-32601))
        .body("[2].result", is("second"));
    // Only the allowed calls went upstream, as the client wrote them.
    wiremock.verify(
        postRequestedFor(urlPathEqualTo("/rpc"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_version\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"web3_clientVersion\"}]")));
  }

  @Test
  void servesTheBreakerSettings() {
    given()
        .get("/api/circuit-breakers/config")
        .then()
        .statusCode(200)
        .body("failure_threshold", is(3))
        .body("recovery_timeout", is(2))
        .body("success_threshold", is(2))
        .body("timeout", is(1))
        .body("half_open_max_calls", is(1));
  }

  static ValidatableResponse rpc(long chainId, String body) {
    return given().contentType(ContentType.JSON).body(body).post("/rpc/{chain}", chainId).then();
  }

  static ValidatableResponse metrics(String name) {
    return given().get("/api/circuit-breakers/{name}/metrics", name).then().statusCode(200);
  }

  static String answer(String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":11,\"result\":\"" + result + "\"}";
  }

  static ResponseDefinitionBuilder okJson(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
