package dev.eventstreamer.common.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes log decoding against fixed events and the event ABI parser: every input either works or
 * fails with an {@link AbiException}; anything else (and any hang or OOM) is a finding. Without
 * JAZZER_FUZZ the committed inputs under {@code AbiFuzzTestInputs} replay as regression tests.
 */
class AbiFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  // The shapes of the golden vectors Transfer, Swap, NestedArrays and TupleOfTupleArrays, so the
  // committed inputs start from valid logs.
  private static final String[] EVENTS = {
    "{\"type\":\"event\",\"name\":\"Transfer\",\"inputs\":[{\"name\":\"from\",\"type\":\"address\",\"indexed\":true},"
        + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]}",
    "{\"type\":\"event\",\"name\":\"Swap\",\"inputs\":[{\"name\":\"sender\",\"type\":\"address\",\"indexed\":true},"
        + "{\"name\":\"legs\",\"type\":\"tuple[]\",\"indexed\":false,\"components\":[{\"name\":\"amount\",\"type\":\"uint256\"},{\"name\":\"pool\",\"type\":\"bytes32\"}]},"
        + "{\"name\":\"tick\",\"type\":\"int24\",\"indexed\":false}]}",
    "{\"type\":\"event\",\"name\":\"NestedArrays\",\"inputs\":[{\"name\":\"grid\",\"type\":\"uint256[][]\"},"
        + "{\"name\":\"pairs\",\"type\":\"uint8[2][]\"},{\"name\":\"words\",\"type\":\"string[][]\"}]}",
    "{\"type\":\"event\",\"name\":\"TupleOfTupleArrays\",\"inputs\":[{\"name\":\"book\",\"type\":\"tuple\",\"components\":["
        + "{\"name\":\"title\",\"type\":\"string\"},{\"name\":\"chapters\",\"type\":\"tuple[]\",\"components\":["
        + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"pages\",\"type\":\"tuple[]\",\"components\":["
        + "{\"name\":\"n\",\"type\":\"uint16\"},{\"name\":\"text\",\"type\":\"bytes\"}]}]}]}]}",
    "{\"type\":\"event\",\"name\":\"Anon\",\"anonymous\":true,\"inputs\":[{\"name\":\"who\",\"type\":\"address\",\"indexed\":true},"
        + "{\"name\":\"tag\",\"type\":\"string\",\"indexed\":true},{\"name\":\"memo\",\"type\":\"bytes\"},{\"name\":\"flags\",\"type\":\"bool[]\"}]}"
  };

  private static final LogDecoder[] DECODERS = new LogDecoder[EVENTS.length];

  static {
    try {
      for (int i = 0; i < EVENTS.length; i++) {
        DECODERS[i] = Abi.decoder(EVENTS[i]);
      }
    } catch (AbiException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Input layout: byte 0 picks the event; byte 1 holds the topic count (low 3 bits), whether topic0
   * is replaced by the right one (bit 3) and whether the hex data is in uppercase (bit 4); then the
   * topics, 32 bytes each (the last may be short); the rest is the data.
   */
  @FuzzTest(maxDuration = "5m")
  void decodesAnyLogOrFailsTyped(byte[] input) throws Exception {
    if (input.length < 2) {
      return;
    }
    LogDecoder decoder = DECODERS[(input[0] & 0xff) % DECODERS.length];
    int topicCount = Math.min(input[1] & 7, 5);
    boolean rightTopic0 = (input[1] & 8) != 0;
    boolean uppercase = (input[1] & 16) != 0;
    int at = 2;
    List<byte[]> topics = new ArrayList<>();
    for (int i = 0; i < topicCount; i++) {
      int end = Math.min(at + 32, input.length);
      topics.add(Arrays.copyOfRange(input, at, end));
      at = end;
    }
    if (rightTopic0 && !topics.isEmpty() && !decoder.event().anonymous()) {
      topics.set(0, bytes(decoder.event().topic0()));
    }
    byte[] data = Arrays.copyOfRange(input, at, input.length);
    List<String> hexTopics = new ArrayList<>();
    for (byte[] t : topics) {
      hexTopics.add(uppercase ? hex(t).toUpperCase().replace("0X", "0x") : hex(t));
    }
    // Both input forms must agree: the hex form takes shortcuts (topic0, address topics).
    Map<String, Object> fromBytes = null;
    Map<String, Object> fromHex = null;
    AbiException bytesError = null;
    AbiException hexError = null;
    try {
      fromBytes = decoder.decode(RawLog.of(topics, data));
    } catch (AbiException e) {
      bytesError = e;
    }
    try {
      fromHex =
          decoder.decode(
              RpcLog.of(
                  hexTopics, uppercase ? hex(data).toUpperCase().replace("0X", "0x") : hex(data)));
    } catch (AbiException e) {
      hexError = e;
    }
    if (bytesError != null || hexError != null) {
      assertEquals(
          bytesError == null ? null : bytesError.kind(),
          hexError == null ? null : hexError.kind(),
          bytesError + " / " + hexError);
      return;
    }
    assertEquals(fromBytes, fromHex);
    // What decodes must serialize, with one key per input plus the position fields.
    JSON.writeValueAsString(fromBytes);
    assertEquals(decoder.event().inputs().size() + 7, fromBytes.size());
  }

  /** Any text as an event ABI: parsed and round-tripped through its JSON, or a typed error. */
  @FuzzTest(maxDuration = "5m")
  void parsesAnyEventAbiOrFailsTyped(byte[] input) throws Exception {
    String json = new String(input, StandardCharsets.UTF_8);
    AbiEvent event;
    try {
      event = Abi.parseEvent(json);
    } catch (AbiException expected) {
      return;
    }
    assertEquals(event, Abi.parseEvent(Abi.toJson(event)));
    Abi.decoder(event);
  }

  private static byte[] bytes(String hex) {
    byte[] out = new byte[(hex.length() - 2) / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 + 2 * i, 4 + 2 * i), 16);
    }
    return out;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder("0x");
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
