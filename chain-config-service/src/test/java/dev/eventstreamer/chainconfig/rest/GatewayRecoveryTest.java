package dev.eventstreamer.chainconfig.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.eventstreamer.chainconfig.GatewayTestChains;
import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.DevChainTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Every endpoint of a chain down, then back: 503 with retry info, then recovery on its own. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(DevChainTestResource.class)
class GatewayRecoveryTest {

  static final long CHAIN = 6001;
  static final String CHAIN_ID =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";

  @Inject GatewayTestChains chains;

  @Test
  void answers503WhileEveryBreakerIsOpenAndRecoversWithoutManualSteps() {
    int port = Ports.freePort();
    DevChain.Options options = DevChain.Options.defaults().withPort(port);
    DevChain node = DevChain.start(options);
    String name = "rpc:" + CHAIN + ":127.0.0.1:" + port;
    try {
      // Heads polled every second: the polls alone open and close the breaker.
      chains.put(CHAIN, 1, node.rpcUrl());
      rpc().statusCode(200).body("result", is("0x7a69"));

      node.close();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  given()
                      .get("/api/circuit-breakers/{name}/metrics", name)
                      .then()
                      .body("state", is("open")));
      rpc()
          .statusCode(503)
          .contentType("application/problem+json")
          .header("Retry-After", Matchers.notNullValue())
          .body("error_code", is("CIRCUIT_BREAKER_OPEN"))
          .body("retry_after", Matchers.greaterThanOrEqualTo(1))
          .body("chain_id", is((int) CHAIN));
      given()
          .get("/api/circuit-breakers/health")
          .then()
          .body("unhealthy_chains", Matchers.hasItem((int) CHAIN));

      node = DevChain.start(options);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  given()
                      .get("/api/circuit-breakers/{name}/metrics", name)
                      .then()
                      .body("state", is("closed"))
                      .body("state_transitions.half_open_to_closed", is(1)));
      rpc().statusCode(200).body("result", is("0x7a69"));
    } finally {
      node.close();
      chains.delete(List.of(CHAIN));
    }
  }

  private static io.restassured.response.ValidatableResponse rpc() {
    return given().contentType(ContentType.JSON).body(CHAIN_ID).post("/rpc/{chain}", CHAIN).then();
  }
}
