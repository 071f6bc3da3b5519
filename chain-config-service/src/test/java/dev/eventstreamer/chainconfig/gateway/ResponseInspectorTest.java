package dev.eventstreamer.chainconfig.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** What counts as the node's answer and what as a failure of the endpoint. */
class ResponseInspectorTest {

  @Test
  void aResultOrARealErrorIsTheNodesAnswer() {
    assertFalse(inspect(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}").isError());
    assertTrue(
        inspect(
                200,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":3,\"message\":\"execution reverted\"}}")
            .isError());
    assertTrue(
        inspect(
                400,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"invalid params\"}}")
            .isError());
    // Infura's answer to a too-large eth_getLogs uses the "limit exceeded" code: still an answer.
    assertTrue(
        inspect(
                200,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"query returned more than 10000 results\"}}")
            .isError());
  }

  @Test
  void rateLimitsServerErrorsAndGarbageAreFailures() {
    assertKind(UpstreamException.Kind.RATE_LIMITED, 429, "");
    assertKind(UpstreamException.Kind.HTTP_ERROR, 502, "{\"jsonrpc\":\"2.0\",\"result\":1}");
    assertKind(UpstreamException.Kind.HTTP_ERROR, 401, "<html>unauthorized</html>");
    assertKind(UpstreamException.Kind.BAD_RESPONSE, 200, "<html>maintenance</html>");
    assertKind(
        UpstreamException.Kind.RATE_LIMITED,
        200,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"limit exceeded\"}}");
    assertKind(
        UpstreamException.Kind.RATE_LIMITED,
        200,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"Too Many Requests\"}}");
  }

  @Test
  void findsEachAnswerOfABatch() {
    String body =
        "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":[1,{\"x\":2}]},{\"id\":2,\"result\":null}]";
    UpstreamReply reply = ResponseInspector.inspect(200, Buffer.buffer(body), true);
    assertEquals(2, reply.elements().size());
    assertEquals("sa", reply.elements().get(0).idKey());
    assertEquals("n2", reply.elements().get(1).idKey());
    UpstreamReply.Element second = reply.elements().get(1);
    assertEquals("{\"id\":2,\"result\":null}", body.substring(second.start(), second.end()));
    assertKind(
        UpstreamException.Kind.RATE_LIMITED,
        200,
        "[{\"id\":1,\"result\":1},{\"id\":2,\"error\":{\"code\":429,\"message\":\"rate limit reached\"}}]",
        true);
  }

  private static UpstreamReply inspect(int status, String body) {
    return ResponseInspector.inspect(status, Buffer.buffer(body), false);
  }

  private static void assertKind(UpstreamException.Kind kind, int status, String body) {
    assertKind(kind, status, body, false);
  }

  private static void assertKind(
      UpstreamException.Kind kind, int status, String body, boolean batch) {
    UpstreamException e =
        assertThrows(
            UpstreamException.class,
            () -> ResponseInspector.inspect(status, Buffer.buffer(body), batch));
    assertEquals(kind, e.kind());
  }
}
