package dev.eventstreamer.common.abi;

import static dev.eventstreamer.common.abi.LogDecodeErrorsTest.FROM;
import static dev.eventstreamer.common.abi.LogDecodeErrorsTest.TO;
import static dev.eventstreamer.common.abi.LogDecodeErrorsTest.TRANSFER;
import static dev.eventstreamer.common.abi.LogDecodeErrorsTest.TRANSFER_TOPIC0;
import static dev.eventstreamer.common.abi.LogDecodeErrorsTest.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Decoded logs serialize to the JSON convention of DESIGN.md. */
class LogDecoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void transferDecodesToChecksummedAddressesDecimalValueAndPositionFields() throws Exception {
    RpcLog log =
        new RpcLog(
            "0xA0B86991C6218B36C1D19D4A2E9EB0CE3606EB48",
            List.of(TRANSFER_TOPIC0, FROM, TO),
            word(1_000_000),
            "0x10d4f",
            "0x" + "AB".repeat(32),
            "0x" + "cd".repeat(32),
            "0x3",
            "0x1f",
            null);
    Map<String, Object> out = Abi.decoder(TRANSFER).decode(log);
    assertEquals(
        "{\"from\":\"0x1111111111111111111111111111111111111111\","
            + "\"to\":\"0x2222222222222222222222222222222222222222\",\"value\":\"1000000\","
            + "\"block_number\":68943,\"block_hash\":\"0x"
            + "ab".repeat(32)
            + "\","
            + "\"transaction_hash\":\"0x"
            + "cd".repeat(32)
            + "\",\"transaction_index\":3,"
            + "\"log_index\":31,\"address\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\","
            + "\"removed\":false}",
        JSON.writeValueAsString(out));
  }

  @Test
  void callersExtendAndEditTheDecodedMapWhichKeepsItsOrderAndMapSemantics() throws Exception {
    RpcLog log =
        new RpcLog(
            "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
            List.of(TRANSFER_TOPIC0, FROM, TO),
            word(7),
            "0x1",
            null,
            null,
            "0x0",
            "0x2",
            null);
    Map<String, Object> out = Abi.decoder(TRANSFER).decode(log);
    Map<String, Object> expected = new LinkedHashMap<>(out);
    assertEquals(expected, out);
    assertEquals(expected.hashCode(), out.hashCode());

    out.put(LogFields.TIMESTAMP, 1_700_000_000L);
    out.put(LogFields.CHAIN_ID, 1L);
    out.put("value", "8");
    out.remove(LogFields.BLOCK_HASH);
    for (Iterator<Map.Entry<String, Object>> it = out.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getKey().equals(LogFields.TRANSACTION_HASH)) {
        it.remove();
      }
    }
    out.entrySet().iterator().next().setValue("0x0");

    assertEquals(
        List.of(
            "from",
            "to",
            "value",
            "block_number",
            "transaction_index",
            "log_index",
            "address",
            "removed",
            "timestamp",
            "chain_id"),
        new ArrayList<>(out.keySet()));
    assertEquals("0x0", out.get("from"));
    assertEquals("8", out.get("value"));
    assertEquals(1L, out.get(LogFields.CHAIN_ID));
    assertFalse(out.containsKey(LogFields.BLOCK_HASH));
    assertEquals(10, out.size());
    assertTrue(
        JSON.writeValueAsString(out)
            .endsWith(",\"removed\":false,\"timestamp\":1700000000,\"chain_id\":1}"));
  }

  @Test
  void jsonTypeFollowsTheSolidityTypeNotTheValue() throws Exception {
    LogDecoder d =
        Abi.decoder(
            "{\"name\":\"N\",\"inputs\":[{\"name\":\"a\",\"type\":\"uint48\"},{\"name\":\"b\",\"type\":\"uint56\"},"
                + "{\"name\":\"c\",\"type\":\"int48\"},{\"name\":\"d\",\"type\":\"int256\"},{\"name\":\"e\",\"type\":\"uint256[]\"},{\"name\":\"f\",\"type\":\"int40[]\"}]}");
    String minusOne = "0x" + "ff".repeat(32);
    String data =
        word(7)
            + word(7).substring(2)
            + minusOne.substring(2)
            + minusOne.substring(2)
            + word(32 * 6).substring(2)
            + word(32 * 8).substring(2)
            + word(1).substring(2)
            + word(5).substring(2)
            + word(1).substring(2)
            + minusOne.substring(2);
    Map<String, Object> out = d.decode(RpcLog.of(List.of(d.event().topic0()), data));
    String json = JSON.writeValueAsString(out);
    assertTrue(
        json.startsWith("{\"a\":7,\"b\":\"7\",\"c\":-1,\"d\":\"-1\",\"e\":[\"5\"],\"f\":[-1],"),
        json);
  }

  @Test
  void parametersNamedLikePositionFieldsDoNotHideThem() throws Exception {
    LogDecoder d =
        Abi.decoder(
            "{\"name\":\"D\",\"inputs\":[{\"name\":\"address\",\"type\":\"address\",\"indexed\":true},{\"name\":\"block_number\",\"type\":\"uint8\"}]}");
    RpcLog log =
        new RpcLog(
            "0x" + "33".repeat(20),
            List.of(d.event().topic0(), FROM),
            word(9),
            "0x5",
            null,
            null,
            null,
            null,
            true);
    Map<String, Object> out = d.decode(log);
    assertEquals("0x1111111111111111111111111111111111111111", out.get("_address"));
    assertEquals(9, ((Number) out.get("_block_number")).intValue());
    assertEquals("0x3333333333333333333333333333333333333333", out.get("address"));
    assertEquals(5L, out.get("block_number"));
    assertEquals(true, out.get("removed"));
  }

  @Test
  void indexedStaticTuplesAndArraysAreTheirTopicHash() throws Exception {
    LogDecoder d =
        Abi.decoder(
            "{\"name\":\"I\",\"inputs\":[{\"name\":\"p\",\"type\":\"tuple\",\"indexed\":true,\"components\":[{\"name\":\"x\",\"type\":\"uint8\"}]},"
                + "{\"name\":\"q\",\"type\":\"uint8[1]\",\"indexed\":true},{\"name\":\"s\",\"type\":\"string\",\"indexed\":true}]}");
    String h1 = "0x" + "9a".repeat(32);
    String h2 = "0x" + "7b".repeat(32);
    String h3 = "0x" + "EE".repeat(32);
    Map<String, Object> out = d.decode(RpcLog.of(List.of(d.event().topic0(), h1, h2, h3), "0x"));
    assertEquals(h1, out.get("p"));
    assertEquals(h2, out.get("q"));
    assertEquals(h3.toLowerCase(), out.get("s"));
  }

  @Test
  void functionValuesAreTheir24BytesInHex() throws Exception {
    LogDecoder d =
        Abi.decoder("{\"name\":\"F\",\"inputs\":[{\"name\":\"cb\",\"type\":\"function\"}]}");
    String fn = "12".repeat(24);
    Map<String, Object> out =
        d.decode(RpcLog.of(List.of(d.event().topic0()), "0x" + fn + "00".repeat(8)));
    assertEquals("0x" + fn, out.get("cb"));
  }

  @Test
  void anonymousEventsReadEveryTopicAsAnInput() throws Exception {
    LogDecoder d =
        Abi.decoder(
            "{\"name\":\"A\",\"anonymous\":true,\"inputs\":[{\"name\":\"a\",\"type\":\"uint16\",\"indexed\":true},{\"name\":\"b\",\"type\":\"bool\"}]}");
    Map<String, Object> out = d.decode(RpcLog.of(List.of(word(513)), word(1)));
    assertEquals(513, ((Number) out.get("a")).intValue());
    assertEquals(true, out.get("b"));
  }

  @Test
  void oneDecoderServesManyThreadsAtOnce() throws Exception {
    LogDecoder d = Abi.decoder(TRANSFER);
    List<RpcLog> logs = new ArrayList<>();
    List<Map<String, Object>> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String from = String.format("0x%064x", 0x1000 + i);
      RpcLog log = RpcLog.of(List.of(TRANSFER_TOPIC0, from, TO), word(i));
      logs.add(log);
      expected.add(d.decode(log));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 50; round++) {
                    for (int i = 0; i < logs.size(); i++) {
                      if (!expected.get(i).equals(d.decode(logs.get(i)))) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertEquals(true, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
