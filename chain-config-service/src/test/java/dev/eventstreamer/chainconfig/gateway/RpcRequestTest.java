package dev.eventstreamer.chainconfig.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading requests, and the error answers the gateway gives itself. */
class RpcRequestTest {

  @Test
  void keepsEachCallsBytesAndId() {
    String body =
        "[ {\"jsonrpc\":\"2.0\",\"id\":\"q\\\"1\",\"method\":\"eth_call\",\"params\":[{}]} ,"
            + "{\"jsonrpc\":\"2.0\",\"id\":2.5,\"method\":\"eth_sendRawTransaction\",\"params\":[]}]";
    RpcRequest request = parse(body);
    assertTrue(request.batch());
    RpcRequest.Call first = request.calls().get(0);
    assertTrue(first.forwarded());
    assertEquals("\"q\\\"1\"", first.idJson());
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":\"q\\\"1\",\"method\":\"eth_call\",\"params\":[{}]}",
        body.substring(first.start(), first.end()));
    RpcRequest.Call second = request.calls().get(1);
    assertFalse(second.forwarded());
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":2.5,\"error\":{\"code\":-32601,\"message\":\"method not allowed"
            + " by the gateway\",\"data\":{\"method\":\"eth_sendRawTransaction\"}}}",
        second.error());
    assertTrue(request.headSensitive());
  }

  @Test
  void rejectsMalformedRequests() {
    assertTrue(parse("{\"id\":1").error().contains("-32700"));
    assertTrue(parse("{} {}").error().contains("-32700"));
    assertTrue(parse("[]").error().contains("-32600"));
    assertTrue(
        parse("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"eth_chainId\"}")
            .calls()
            .get(0)
            .error()
            .contains("jsonrpc must be"));
    assertTrue(
        parse("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"eth_chainId\"}")
            .calls()
            .get(0)
            .error()
            .contains("id must be"));
    assertNull(parse("{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}").calls().get(0).idKey());
  }

  @Test
  void refusesBatchesOverTheLimit() {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}";
    RpcRequest request =
        RpcRequest.parse(
            ("[" + call + "," + call + "," + call + "]").getBytes(StandardCharsets.UTF_8), 2);
    assertTrue(request.error().contains("a batch of 3 calls exceeds the gateway's limit of 2"));
  }

  private static RpcRequest parse(String body) {
    return RpcRequest.parse(body.getBytes(StandardCharsets.UTF_8), 100);
  }
}
