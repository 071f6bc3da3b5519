package dev.eventstreamer.chainconfig.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.chainconfig.GatewayTestChains;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.DevChainTestResource;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.infra.testing.PlainHttpClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway in front of the real Hardhat dev chain. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(DevChainTestResource.class)
class RpcGatewayRouteTest {

  static final long CHAIN = 31337;

  @Inject GatewayTestChains chains;

  DevChain chain = DevChain.shared();

  @TestHTTPResource("/")
  URL root;

  @BeforeEach
  void registerDevChain() {
    chains.put(CHAIN, 1, chain.rpcUrl());
  }

  @Test
  void forwardsASingleCallWithItsId() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"eth_chainId\",\"params\":[]}")
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("id", equalTo("abc"))
        .body("result", equalTo("0x7a69"));
  }

  @Test
  void answersABatchInRequestOrderRefusingOnlyTheWrite() {
    String batch =
        """
        [{"jsonrpc":"2.0","id":7,"method":"eth_blockNumber","params":[]},
         {"jsonrpc":"2.0","id":8,"method":"eth_sendRawTransaction","params":["0x00"]},
         {"jsonrpc":"2.0","id":"c","method":"net_version","params":[]},
         {"jsonrpc":"2.0","id":9,"method":"eth_chainId"}]
        """;
    JsonPath answer =
        given()
            .contentType(ContentType.JSON)
            .body(batch)
            .post("/rpc/{chain}", CHAIN)
            .then()
            .statusCode(200)
            .body("$", hasSize(4))
            .extract()
            .jsonPath();
    assertThat(answer.getList("id"), contains(7, 8, "c", 9));
    assertThat(answer.getString("[0].result"), startsWith("0x"));
    assertThat(answer.getInt("[1].error.code"), equalTo(-32601));
    assertThat(answer.getString("[1].error.message"), equalTo("method not allowed by the gateway"));
    assertThat(answer.getString("[1].error.data.method"), equalTo("eth_sendRawTransaction"));
    assertThat(answer.getString("[2].result"), equalTo("31337"));
    assertThat(answer.getString("[3].result"), equalTo("0x7a69"));
  }

  @Test
  void refusesWriteMethodsWithoutReachingTheNode() {
    String from = chain.accounts().get(0);
    long before = chain.blockNumber();
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"eth_sendTransaction\",\"params\":[{\"from\":\""
                + from
                + "\",\"to\":\""
                + from
                + "\",\"value\":\"0x1\"}]}")
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(200)
        .body("id", equalTo(5))
        .body("error.code", equalTo(-32601))
        .body("error.message", equalTo("method not allowed by the gateway"));
    // Automine would have mined a block for the transaction.
    assertThat(chain.blockNumber(), equalTo(before));
    for (String method : List.of("debug_traceTransaction", "evm_mine", "hardhat_reset")) {
      given()
          .contentType(ContentType.JSON)
          .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}")
          .post("/rpc/{chain}", CHAIN)
          .then()
          .body("error.code", equalTo(-32601));
    }
    assertThat(chain.blockNumber(), equalTo(before));
  }

  @Test
  void findsATransferWithGetLogsThroughTheGateway() {
    TestToken token = chain.deployToken();
    String to = chain.accounts().get(1);
    token.mint(token.sender(), BigInteger.valueOf(10_000));
    String tx = token.transfer(to, BigInteger.valueOf(1234));
    long block = chain.blockNumber();
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\"0x"
            + Long.toHexString(block)
            + "\",\"toBlock\":\"latest\",\"address\":\""
            + token.address()
            + "\",\"topics\":[\""
            + TestToken.TRANSFER_TOPIC0
            + "\"]}]}";
    JsonPath logs =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/rpc/{chain}", CHAIN)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> result = logs.getList("result");
    assertThat(result, hasSize(1));
    assertThat(result.get(0).get("transactionHash"), equalTo(tx));
    assertThat(result.get(0).get("address"), equalTo(token.address()));
  }

  @Test
  void returnsTheNodesOwnErrorAsItIsAndCountsItAsSuccess() {
    given().post("/api/circuit-breakers/reset").then().statusCode(200);
    // Invalid params: the node's answer, not a failure of the node.
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_getBlockByNumber\",\"params\":[\"bogus\"]}")
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(200)
        .body("id", equalTo(3))
        .body("error.code", equalTo(-32602));
    // A revert: calling a token function with a selector it does not have.
    TestToken token = chain.deployToken();
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"eth_call\",\"params\":[{\"to\":\""
                + token.address()
                + "\",\"data\":\"0xdeadbeef\"},\"latest\"]}")
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(200)
        .body("id", equalTo(4))
        .body("error.message", containsString("revert"));
    String name = "rpc:" + CHAIN + ":" + chain.rpcUrl().substring("http://".length());
    given()
        .get("/api/circuit-breakers/{name}/metrics", name)
        .then()
        .statusCode(200)
        .body("name", equalTo(name))
        .body("state", equalTo("closed"))
        .body("failure_count", equalTo(0))
        .body("consecutive_failures", equalTo(0));
  }

  @Test
  void answersJsonRpcErrorsForBadRequests() {
    post("{not json").body("error.code", equalTo(-32700)).body("id", nullValue());
    post("").body("error.code", equalTo(-32700));
    post("42").body("error.code", equalTo(-32600));
    post("[]").body("error.code", equalTo(-32600)).body("error.message", containsString("empty"));
    post("{\"jsonrpc\":\"2.0\",\"id\":1}")
        .body("id", equalTo(1))
        .body("error.code", equalTo(-32600))
        .body("error.message", containsString("method"));
    post("[1,{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_chainId\"}]")
        .body("$", hasSize(2))
        .body("[0].error.code", equalTo(-32600))
        .body("[1].result", equalTo("0x7a69"));
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 101; i++) {
      big.append(i == 0 ? "" : ",")
          .append("{\"jsonrpc\":\"2.0\",\"id\":")
          .append(i)
          .append(",\"method\":\"eth_chainId\"}");
    }
    post(big.append("]").toString())
        .body("error.code", equalTo(-32600))
        .body("error.message", containsString("limit of 100"));
  }

  @Test
  void refusesABodyOverTheLimitToAClientThatWritesItAllFirst() throws Exception {
    // As Python's urllib sends it: no Expect: 100-continue, the whole body, then the answer.
    PlainHttpClient client = new PlainHttpClient(root.getHost(), root.getPort(), 30_000);
    for (int size : new int[] {2 * 1024 * 1024, 64 * 1024 * 1024}) {
      byte[] body = rpcCallPaddedTo(size);
      for (int i = 0; i < 20; i++) {
        assertTooLarge(
            client.post("/rpc/" + CHAIN, "application/json", body), size + " bytes, " + i);
      }
    }
  }

  @Test
  void refusesAChunkedBodyOverTheLimit() throws Exception {
    PlainHttpClient client = new PlainHttpClient(root.getHost(), root.getPort(), 30_000);
    assertTooLarge(
        client.postChunked("/rpc/" + CHAIN, "application/json", rpcCallPaddedTo(2 * 1024 * 1024)),
        "chunked");
    // A chunked call within the limit is forwarded as any other.
    PlainHttpClient.Answer answer =
        client.postChunked(
            "/rpc/" + CHAIN,
            "application/json",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(200, answer.status(), answer.toString());
    assertEquals("0x7a69", JsonPath.from(answer.body()).getString("result"));
  }

  private static byte[] rpcCallPaddedTo(int size) {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}";
    return (call + " ".repeat(size - call.length())).getBytes(StandardCharsets.US_ASCII);
  }

  private static void assertTooLarge(PlainHttpClient.Answer answer, String what) {
    assertEquals(413, answer.status(), what + ": " + answer);
    assertEquals("application/problem+json", answer.header("content-type"), what);
    JsonPath problem = JsonPath.from(answer.body());
    assertEquals(413, problem.getInt("status"), what);
    assertEquals("/rpc/" + CHAIN, problem.getString("instance"), what);
    assertThat(
        what,
        problem.getString("detail"),
        equalTo("The JSON-RPC request body is larger than the gateway's limit of 1048576 bytes"));
  }

  @Test
  void answersOtherMethodsWith405NamingPost() {
    given()
        .get("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(405)
        .header("Allow", "POST")
        .contentType("application/problem+json")
        .body("status", equalTo(405))
        .body("instance", equalTo("/rpc/" + CHAIN));
  }

  @Test
  void countsGatewayRequestsUnderOneUriTemplateWhateverTheChainId() {
    post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}");
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/rpc/{chain}", "not-a-chain-7e3")
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/rpc/{chain}", 987_654_321)
        .then()
        .statusCode(404);
    String metrics = given().get("/q/metrics").asString();
    assertThat(metrics, containsString("uri=\"/rpc/{chain_id}\""));
    // A path per chain id (or per garbage a client sends) would grow the meters without bound.
    assertThat(metrics, not(containsString("not-a-chain-7e3")));
    assertThat(metrics, not(containsString("/rpc/987654321")));
    assertThat(metrics, not(containsString("uri=\"/rpc/" + CHAIN + "\"")));
  }

  @Test
  void isDescribedInTheOpenApiDocument() {
    JsonPath doc = OpenApiDocument.fetch();
    assertEquals(
        "integer", doc.getString("paths.'/rpc/{chain_id}'.post.parameters[0].schema.type"));
    assertThat(doc.getMap("paths.'/rpc/{chain_id}'.post.responses").keySet(), hasItem("503"));
    // The JAX-RS resources are still there, merged with it.
    assertThat(doc.getMap("paths").keySet(), hasItem("/api/chains/{chain_id}"));
  }

  @Test
  void answers404ForUnknownOrInactiveChains() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}")
        .post("/rpc/{chain}", 999_999)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("Chain 999999 not found"))
        .body("status", equalTo(404))
        .body("title", equalTo("Not Found"))
        .body("instance", equalTo("/rpc/999999"));
    chains.deactivate(4242, 1, chain.rpcUrl());
    given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}")
        .post("/rpc/{chain}", 4242)
        .then()
        .statusCode(404)
        .body("detail", startsWith("Chain 4242 not found"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/rpc/{chain}", "abc")
        .then()
        .statusCode(400)
        .body("detail", containsString("chain_id"));
  }

  @Test
  void refusesACallWhoseMethodMemberIsRepeatedOrSpelledInAnotherCase() {
    long before = chain.blockNumber();
    // The check reads one "method", a node may take the other: evm_mine must never get through.
    for (String body :
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evm_mine\",\"method\":\"eth_chainId\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"method\":\"evm_mine\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"METHOD\":\"evm_mine\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"Method\":\"evm_mine\",\"method\":\"eth_chainId\"}",
            // Go's decoder folds the long s (U+017F) to s, as in "param\u017fs".
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"param\u017f\":[]}")) {
      post(body)
          .body("id", equalTo(1))
          .body("error.code", equalTo(-32600))
          .body("error.message", containsString("member"))
          .body("result", nullValue());
    }
    JsonPath batch =
        post("""
                [{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
                 {"jsonrpc":"2.0","id":2,"method":"eth_chainId","METHOD":"evm_mine"}]""")
            .extract()
            .jsonPath();
    assertEquals("0x7a69", batch.getString("[0].result"));
    assertEquals(-32600, batch.getInt("[1].error.code"));
    assertThat(batch.getString("[1].error.message"), containsString("only in case"));
    assertThat(chain.blockNumber(), equalTo(before));
  }

  @Test
  void answersNothingToNotificationsAndForwardsNone() {
    long before = chain.blockNumber();
    given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\",\"params\":[]}")
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(204)
        .body(equalTo(""));
    // A refused method as a notification is not forwarded either, and not answered.
    given()
        .contentType(ContentType.JSON)
        .body(
            "[{\"jsonrpc\":\"2.0\",\"method\":\"evm_mine\"},{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}]")
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(204);
    post("""
            [{"jsonrpc":"2.0","method":"evm_mine"},
             {"jsonrpc":"2.0","id":3,"method":"eth_chainId"},
             {"jsonrpc":"2.0","method":"eth_blockNumber"}]""")
        .body("$", hasSize(1))
        .body("[0].id", equalTo(3))
        .body("[0].result", equalTo("0x7a69"));
    // An id of null is a call, not a notification: it is forwarded, and the node's answer (Hardhat
    // refuses a null id) comes back.
    post("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"eth_chainId\"}")
        .body("jsonrpc", equalTo("2.0"))
        .body("id", nullValue())
        .body("error.code", equalTo(-32600));
    assertThat(chain.blockNumber(), equalTo(before));
  }

  @Test
  void answersAParseErrorToABodyThatIsNotUtf8() {
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"evm_mine\"}]";
    for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      given()
          .contentType("application/json")
          .body(batch.getBytes(charset))
          .post("/rpc/{chain}", CHAIN)
          .then()
          .statusCode(200)
          .body("error.code", equalTo(-32700))
          .body("error.message", containsString("UTF-8"));
    }
  }

  @Test
  void refreshLoadsAChainWrittenStraightIntoTheDatabase() {
    long id = 4343;
    // Another replica's write: this instance is not told.
    chains.putQuietly(id, 1, chain.rpcUrl());
    given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}")
        .post("/rpc/{chain}", id)
        .then()
        .statusCode(404);
    given().post("/api/chains/refresh").then().statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}")
        .post("/rpc/{chain}", id)
        .then()
        .statusCode(200)
        .body("result", equalTo("0x7a69"));
    chains.delete(List.of(id));
  }

  private io.restassured.response.ValidatableResponse post(String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/rpc/{chain}", CHAIN)
        .then()
        .statusCode(200);
  }
}
