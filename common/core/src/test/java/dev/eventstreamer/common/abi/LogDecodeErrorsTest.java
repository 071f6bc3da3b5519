package dev.eventstreamer.common.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.common.abi.AbiException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Logs that do not fit their event fail with a kind, where and why; never anything else. */
class LogDecodeErrorsTest {

  static final String TRANSFER =
      "{\"name\":\"Transfer\",\"inputs\":[{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},{\"name\":\"value\",\"type\":\"uint256\"}]}";
  static final String TRANSFER_TOPIC0 =
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  static final String FROM = "0x000000000000000000000000" + "11".repeat(20);
  static final String TO = "0x000000000000000000000000" + "22".repeat(20);

  @Test
  void missingTopicsOrData() throws Exception {
    LogDecoder d = Abi.decoder(TRANSFER);
    expect(d, RpcLog.of(null, "0x"), Kind.INVALID_LOG, "topics", "missing");
    expect(
        d,
        RpcLog.of(List.of(TRANSFER_TOPIC0, FROM, TO), null),
        Kind.INVALID_LOG,
        "data",
        "missing");
  }

  @Test
  void malformedHex() throws Exception {
    LogDecoder d = Abi.decoder(TRANSFER);
    List<String> topics = List.of(TRANSFER_TOPIC0, FROM, TO);
    expect(
        d, RpcLog.of(topics, "0xzz" + word(1).substring(2)), Kind.MALFORMED_HEX, "data", "index 2");
    expect(d, RpcLog.of(topics, word(1).substring(2)), Kind.MALFORMED_HEX, "data", "0x");
    expect(d, RpcLog.of(topics, word(1) + "0"), Kind.MALFORMED_HEX, "data", "odd");
    expect(
        d,
        RpcLog.of(List.of(TRANSFER_TOPIC0, FROM.replace('1', 'g'), TO), word(1)),
        Kind.MALFORMED_HEX,
        "topics[1]",
        "'g'");
    RpcLog badBlock = new RpcLog(null, topics, word(1), "0xq1", null, null, null, null, null);
    expect(d, badBlock, Kind.MALFORMED_HEX, "block_number", "'q'");
    RpcLog badAddress =
        new RpcLog("0x" + "ab".repeat(19), topics, word(1), null, null, null, null, null, null);
    expect(d, badAddress, Kind.INVALID_LOG, "address", "20 bytes");
  }

  @Test
  void wrongTopicCount() throws Exception {
    LogDecoder d = Abi.decoder(TRANSFER);
    expect(
        d,
        RpcLog.of(List.of(TRANSFER_TOPIC0, FROM), word(1)),
        Kind.TOPIC_COUNT,
        "topics",
        "expects 3 topics");
    expect(d, RpcLog.of(List.of(), word(1)), Kind.TOPIC_COUNT, "topics", "has 0");
    LogDecoder anon =
        Abi.decoder(
            "{\"name\":\"A\",\"anonymous\":true,\"inputs\":[{\"name\":\"a\",\"type\":\"uint8\",\"indexed\":true}]}");
    expect(
        anon, RpcLog.of(List.of(word(1), word(2)), "0x"), Kind.TOPIC_COUNT, "topics", "anonymous");
  }

  @Test
  void topic0OfAnotherEvent() throws Exception {
    LogDecoder d = Abi.decoder(TRANSFER);
    String approval = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    expect(
        d,
        RpcLog.of(List.of(approval, FROM, TO), word(1)),
        Kind.TOPIC0_MISMATCH,
        "topics[0]",
        "Transfer(address,address,uint256)");
  }

  @Test
  void invalidTopics() throws Exception {
    LogDecoder d = Abi.decoder(TRANSFER);
    expect(
        d,
        RpcLog.of(List.of(TRANSFER_TOPIC0, FROM.substring(0, 64), TO), word(1)),
        Kind.INVALID_TOPIC,
        "topics[1]",
        "32 bytes");
    String dirtyAddress = "0x01" + FROM.substring(4);
    expect(
        d,
        RpcLog.of(List.of(TRANSFER_TOPIC0, FROM, dirtyAddress), word(1)),
        Kind.INVALID_TOPIC,
        "topics[2]",
        "address");
    LogDecoder flags =
        Abi.decoder(
            "{\"name\":\"F\",\"inputs\":[{\"name\":\"on\",\"type\":\"bool\",\"indexed\":true}]}");
    String topic0 = flags.event().topic0();
    expect(
        flags, RpcLog.of(List.of(topic0, word(2)), "0x"), Kind.INVALID_TOPIC, "topics[1]", "bool");
    RawLog shortTopic = RawLog.of(List.of(new byte[32], new byte[31]), new byte[0]);
    expect(flags, shortTopic, Kind.INVALID_TOPIC, "topics[1]", "has 31");
  }

  @Test
  void shortAndTrailingData() throws Exception {
    LogDecoder d = Abi.decoder(TRANSFER);
    List<String> topics = List.of(TRANSFER_TOPIC0, FROM, TO);
    expect(
        d, RpcLog.of(topics, "0x" + "00".repeat(31)), Kind.DATA_TOO_SHORT, "data", "at least 32");
    expect(d, RpcLog.of(topics, "0x"), Kind.DATA_TOO_SHORT, "data", "0 bytes");
    expect(
        d,
        RpcLog.of(topics, word(1) + word(2).substring(2)),
        Kind.TRAILING_DATA,
        "data",
        "64 bytes");
    LogDecoder message = Abi.decoder(message());
    List<String> mt = List.of(message.event().topic0());
    // Offset 32, length 3, "abc", then a word too many.
    String data =
        word(32) + word(3).substring(2) + "616263" + "00".repeat(29) + word(0).substring(2);
    expect(message, RpcLog.of(mt, data), Kind.TRAILING_DATA, "data", "unconsumed");
  }

  @Test
  void offsetsOutsideTheData() throws Exception {
    LogDecoder d = Abi.decoder(message());
    List<String> topics = List.of(d.event().topic0());
    expect(
        d,
        RpcLog.of(topics, word(4096) + word(0).substring(2)),
        Kind.OFFSET_OUT_OF_RANGE,
        "data.text",
        "4096");
    expect(
        d,
        RpcLog.of(topics, "0x01" + word(32).substring(4) + word(0).substring(2)),
        Kind.OFFSET_OUT_OF_RANGE,
        "data.text",
        "far beyond");
  }

  @Test
  void lengthsLargerThanTheData() throws Exception {
    LogDecoder d = Abi.decoder(message());
    List<String> topics = List.of(d.event().topic0());
    expect(
        d,
        RpcLog.of(topics, word(32) + word(1 << 20).substring(2)),
        Kind.LENGTH_OUT_OF_RANGE,
        "data.text",
        "1048576");
    expect(
        d,
        RpcLog.of(topics, word(32) + "00".repeat(24) + "ffffffffffffffff"),
        Kind.LENGTH_OUT_OF_RANGE,
        "data.text",
        "exceeds");
    LogDecoder arrays =
        Abi.decoder("{\"name\":\"G\",\"inputs\":[{\"name\":\"grid\",\"type\":\"uint256[][]\"}]}");
    String data =
        word(32) + word(1).substring(2) + word(32).substring(2) + word(2_000_000).substring(2);
    expect(
        arrays,
        RpcLog.of(List.of(arrays.event().topic0()), data),
        Kind.LENGTH_OUT_OF_RANGE,
        "data.grid[0]",
        "2000000 elements");
  }

  @Test
  void valuesThatDoNotFitTheirType() throws Exception {
    LogDecoder small =
        Abi.decoder(
            "{\"name\":\"S\",\"inputs\":[{\"name\":\"a\",\"type\":\"uint8\"},{\"name\":\"b\",\"type\":\"bool\"}]}");
    List<String> t = List.of(small.event().topic0());
    expect(
        small,
        RpcLog.of(t, word(256) + word(1).substring(2)),
        Kind.INVALID_VALUE,
        "data.a",
        "exceeds");
    expect(small, RpcLog.of(t, word(1) + word(2).substring(2)), Kind.INVALID_VALUE, "data.b", "");
    LogDecoder legs =
        Abi.decoder(
            "{\"name\":\"L\",\"inputs\":[{\"name\":\"legs\",\"type\":\"tuple[]\",\"components\":[{\"name\":\"amount\",\"type\":\"uint8\"},{\"name\":\"ok\",\"type\":\"bool\"}]}]}");
    String data =
        word(32)
            + word(2).substring(2)
            + word(1).substring(2)
            + word(1).substring(2)
            + word(300).substring(2)
            + word(0).substring(2);
    expect(
        legs,
        RpcLog.of(List.of(legs.event().topic0()), data),
        Kind.INVALID_VALUE,
        "data.legs[1].amount",
        "exceeds");
    LogDecoder m = Abi.decoder(message());
    String dirtyPadding = word(32) + word(1).substring(2) + "61" + "00".repeat(30) + "01";
    expect(
        m,
        RpcLog.of(List.of(m.event().topic0()), dirtyPadding),
        Kind.INVALID_VALUE,
        "data.text",
        "padding");
  }

  @Test
  void sharedOffsetsCannotBlowUpMemoryOrTime() throws Exception {
    // 1000 offsets to one array of 1000 uint256: 64 KB of data would decode to a million values.
    LogDecoder d =
        Abi.decoder("{\"name\":\"G\",\"inputs\":[{\"name\":\"grid\",\"type\":\"uint256[][]\"}]}");
    int n = 1000;
    StringBuilder data = new StringBuilder(word(32)).append(word(n).substring(2));
    for (int i = 0; i < n; i++) {
      data.append(word(32L * n).substring(2));
    }
    data.append(word(n).substring(2));
    data.append("00".repeat(32 * n));
    RpcLog log = RpcLog.of(List.of(d.event().topic0()), data.toString());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> expect(d, log, Kind.TOO_LARGE, null, "expands"));
  }

  @Test
  void deeplySharedOffsetsFailFastToo() throws Exception {
    // Each level's 64 offsets all point at the next level: 64^4 paths through 1 KB of data.
    LogDecoder d =
        Abi.decoder("{\"name\":\"G\",\"inputs\":[{\"name\":\"cube\",\"type\":\"uint8[][][][]\"}]}");
    List<String> words = new ArrayList<>();
    words.add(word(32));
    int n = 64;
    for (int level = 0; level < 4; level++) {
      words.add(word(n));
      String[] offsets = new String[n];
      Arrays.fill(offsets, word(32L * n));
      words.addAll(Arrays.asList(offsets));
    }
    words.add(word(0));
    StringBuilder data = new StringBuilder("0x");
    words.forEach(w -> data.append(w.substring(2)));
    RpcLog log = RpcLog.of(List.of(d.event().topic0()), data.toString());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> expect(d, log, Kind.TOO_LARGE, null, "expands"));
  }

  static String message() {
    return "{\"name\":\"Message\",\"inputs\":[{\"name\":\"text\",\"type\":\"string\"}]}";
  }

  static String word(long v) {
    return "0x" + String.format("%064x", v);
  }

  static void expect(LogDecoder d, Object log, Kind kind, String path, String reason) {
    AbiException e =
        assertThrows(
            AbiException.class,
            () -> {
              if (log instanceof RpcLog r) {
                d.decode(r);
              } else {
                d.decode((RawLog) log);
              }
            });
    assertEquals(kind, e.kind(), e.toString());
    if (path != null) {
      assertEquals(path, e.path(), e.toString());
    }
    assertTrue(e.getMessage().contains(reason), e.toString());
  }
}
