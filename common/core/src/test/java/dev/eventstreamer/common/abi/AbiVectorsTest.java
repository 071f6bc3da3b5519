package dev.eventstreamer.common.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every golden vector made by ethers (src/test/js/abi-vectors) decodes to ethers' values. */
class AbiVectorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode vectors() throws IOException {
    try (InputStream in = AbiVectorsTest.class.getResourceAsStream("/abi/vectors.json")) {
      return JSON.readTree(in);
    }
  }

  @Test
  void vectorsCoverEnoughEventsAndLogs() throws IOException {
    JsonNode v = vectors();
    assertTrue(v.get("events").size() >= 40, "events");
    assertTrue(v.get("logCount").asInt() >= 300, "logs");
  }

  @TestFactory
  Stream<DynamicContainer> decodesEveryVectorLikeEthers() throws IOException {
    List<DynamicContainer> events = new ArrayList<>();
    for (JsonNode e : vectors().get("events")) {
      String name = e.get("signature").asText();
      List<DynamicTest> tests = new ArrayList<>();
      tests.add(
          DynamicTest.dynamicTest(
              "canonical signature and topic0",
              () -> {
                AbiEvent event = Abi.parseEvent(e.get("abi"));
                assertEquals(e.get("signature").asText(), event.canonicalSignature());
                assertEquals(e.get("topic0").asText(), event.topic0());
                // The string and record forms of the ABI agree with the tree form.
                assertEquals(event, Abi.parseEvent(JSON.writeValueAsString(e.get("abi"))));
                assertEquals(
                    event, Abi.parseEvent(JSON.treeToValue(e.get("abi"), AbiEventJson.class)));
              }));
      int i = 0;
      for (JsonNode v : e.get("logs")) {
        tests.add(
            DynamicTest.dynamicTest(
                "log " + i++,
                () -> {
                  LogDecoder decoder = Abi.decoder(e.get("abi"));
                  RpcLog log = JSON.treeToValue(v.get("log"), RpcLog.class);
                  assertSameJson(v.get("expected"), decoder.decode(log));
                  assertSameJson(v.get("expected"), decoder.decode(raw(log)));
                }));
      }
      events.add(DynamicContainer.dynamicContainer(name, tests));
    }
    return events.stream();
  }

  /** Value by value, in the same order, with the same JSON types. */
  static void assertSameJson(JsonNode expected, Map<String, Object> actual) throws IOException {
    JsonNode got = JSON.readTree(JSON.writeValueAsString(actual));
    List<String> expectedKeys = new ArrayList<>();
    expected.fieldNames().forEachRemaining(expectedKeys::add);
    List<String> actualKeys = new ArrayList<>();
    got.fieldNames().forEachRemaining(actualKeys::add);
    assertEquals(expectedKeys, actualKeys, "keys in order");
    for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      assertEquals(expected.get(k), got.get(k), k);
    }
  }

  static RawLog raw(RpcLog log) {
    List<byte[]> topics = new ArrayList<>();
    for (String t : log.topics()) {
      topics.add(bytes(t));
    }
    return new RawLog(
        bytes(log.address()),
        topics,
        bytes(log.data()),
        Long.decode(log.blockNumber()),
        bytes(log.blockHash()),
        bytes(log.transactionHash()),
        Long.decode(log.transactionIndex()),
        Long.decode(log.logIndex()),
        log.removed());
  }

  static byte[] bytes(String hex) {
    byte[] out = new byte[(hex.length() - 2) / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 + 2 * i, 4 + 2 * i), 16);
    }
    return out;
  }
}
