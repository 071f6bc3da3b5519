package dev.eventstreamer.common.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.common.abi.AbiException.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad event ABIs fail with a kind, the path of the offending field and what is wrong with it. */
class AbiParseErrorsTest {

  static Stream<Arguments> badAbis() {
    return Stream.of(
        bad("not json", Kind.MALFORMED_JSON, "", "not valid JSON"),
        bad("[]", Kind.MALFORMED_JSON, "", "JSON object"),
        bad("", Kind.MALFORMED_JSON, "", "no JSON"),
        bad("{\"type\":\"function\",\"name\":\"f\"}", Kind.NOT_AN_EVENT, "type", "'function'"),
        bad("{\"type\":\"event\",\"inputs\":[]}", Kind.MISSING_FIELD, "name", "name"),
        bad("{\"type\":\"event\",\"name\":5}", Kind.INVALID_FIELD, "name", "string"),
        bad("{\"name\":\"1Bad\"}", Kind.INVALID_NAME, "name", "'1Bad'"),
        bad("{\"name\":\"E\",\"inputs\":{}}", Kind.INVALID_FIELD, "inputs", "array"),
        bad(
            "{\"name\":\"E\",\"anonymous\":\"no\"}",
            Kind.INVALID_FIELD,
            "anonymous",
            "true or false"),
        bad("{\"name\":\"E\",\"inputs\":[1]}", Kind.INVALID_FIELD, "inputs[0]", "JSON object"),
        bad(event("{\"name\":\"a\"}"), Kind.MISSING_FIELD, "inputs[0].type", "missing type"),
        bad(event("{\"name\":\"a\",\"type\":7}"), Kind.INVALID_FIELD, "inputs[0].type", "string"),
        bad(in("uint257"), Kind.UNKNOWN_TYPE, "inputs[0].type", "unknown type 'uint257'"),
        bad(in("uint7"), Kind.UNKNOWN_TYPE, "inputs[0].type", "unknown type 'uint7'"),
        bad(in("uint08"), Kind.UNKNOWN_TYPE, "inputs[0].type", "'uint08'"),
        bad(in("int0"), Kind.UNKNOWN_TYPE, "inputs[0].type", "'int0'"),
        bad(in("bytes33"), Kind.UNKNOWN_TYPE, "inputs[0].type", "'bytes33'"),
        bad(in("bytes0"), Kind.UNKNOWN_TYPE, "inputs[0].type", "'bytes0'"),
        bad(in("address payable"), Kind.UNKNOWN_TYPE, "inputs[0].type", "'address payable'"),
        bad(in("Address"), Kind.UNKNOWN_TYPE, "inputs[0].type", "'Address'"),
        bad(in(""), Kind.UNKNOWN_TYPE, "inputs[0].type", "unknown type ''"),
        bad(in("(uint256,bool)"), Kind.UNKNOWN_TYPE, "inputs[0].type", "'(uint256,bool)'"),
        bad(in("uint8["), Kind.UNKNOWN_TYPE, "inputs[0].type", "malformed array suffix"),
        bad(in("uint8[x]"), Kind.UNKNOWN_TYPE, "inputs[0].type", "malformed array suffix"),
        bad(in("uint8[]x"), Kind.UNKNOWN_TYPE, "inputs[0].type", "malformed array suffix"),
        bad(in("uint8[0]"), Kind.INVALID_ARRAY_LENGTH, "inputs[0].type", "positive"),
        bad(in("uint8[01]"), Kind.INVALID_ARRAY_LENGTH, "inputs[0].type", "leading zeros"),
        bad(in("uint8[2000000]"), Kind.INVALID_ARRAY_LENGTH, "inputs[0].type", "exceeds"),
        bad(in("fixed128x18"), Kind.UNSUPPORTED_TYPE, "inputs[0].type", "fixed-point"),
        bad(in("ufixed"), Kind.UNSUPPORTED_TYPE, "inputs[0].type", "fixed-point"),
        bad(in("uint256[1000000][1000]"), Kind.TOO_COMPLEX, "inputs[0].type", "bytes"),
        bad(in("uint8" + "[]".repeat(33)), Kind.TOO_COMPLEX, "inputs[0].type", "nested deeper"),
        bad(
            event("{\"name\":\"t\",\"type\":\"tuple\"}"),
            Kind.TUPLE_WITHOUT_COMPONENTS,
            "inputs[0].components",
            "tuple without components"),
        bad(
            event("{\"name\":\"t\",\"type\":\"tuple[]\",\"components\":[]}"),
            Kind.TUPLE_WITHOUT_COMPONENTS,
            "inputs[0].components",
            "tuple without components"),
        bad(
            event("{\"name\":\"t\",\"type\":\"tuple[2]\",\"components\":null}"),
            Kind.TUPLE_WITHOUT_COMPONENTS,
            "inputs[0].components",
            "tuple without components"),
        bad(
            event("{\"name\":\"t\",\"type\":\"tuple\",\"components\":{}}"),
            Kind.INVALID_FIELD,
            "inputs[0].components",
            "array"),
        bad(
            event("{\"name\":\"n\",\"type\":\"uint256\",\"components\":[{\"type\":\"bool\"}]}"),
            Kind.UNEXPECTED_COMPONENTS,
            "inputs[0].components",
            "not a tuple"),
        bad(
            event(
                "{\"name\":\"a\",\"type\":\"bool\"}",
                "{\"name\":\"t\",\"type\":\"tuple[]\",\"components\":[{\"name\":\"x\",\"type\":\"uint9\"}]}"),
            Kind.UNKNOWN_TYPE,
            "inputs[1].components[0].type",
            "unknown type 'uint9'"),
        bad(
            event(
                "{\"name\":\"t\",\"type\":\"tuple\",\"components\":[{\"name\":\"x\",\"type\":\"bool\"},{\"name\":\"x\",\"type\":\"bool\"}]}"),
            Kind.DUPLICATE_NAME,
            "inputs[0].components[1].name",
            "duplicate input name 'x'"),
        bad(
            event(
                "{\"name\":\"t\",\"type\":\"tuple\",\"components\":[{\"name\":\"x\",\"type\":\"bool\",\"indexed\":true}]}"),
            Kind.INVALID_FIELD,
            "inputs[0].components[0].indexed",
            "tuple components"),
        bad(
            event(
                "{\"name\":\"t\",\"type\":\"tuple\",\"components\":[{\"name\":\"x\",\"type\":\"tuple\",\"components\":[{\"name\":\"y\",\"type\":\"strin\"}]}]}"),
            Kind.UNKNOWN_TYPE,
            "inputs[0].components[0].components[0].type",
            "'strin'"),
        bad(
            event("{\"name\":\"x\",\"type\":\"bool\"}", "{\"name\":\"x\",\"type\":\"uint8\"}"),
            Kind.DUPLICATE_NAME,
            "inputs[1].name",
            "duplicate input name 'x'"),
        bad(
            event("{\"name\":\"\",\"type\":\"bool\"}", "{\"name\":\"arg0\",\"type\":\"uint8\"}"),
            Kind.DUPLICATE_NAME,
            "inputs[1].name",
            "unnamed input inputs[0]"),
        bad(
            event("{\"name\":\"a-b\",\"type\":\"bool\"}"),
            Kind.INVALID_NAME,
            "inputs[0].name",
            "'a-b'"),
        bad(
            event("{\"name\":\"a\",\"type\":\"bool\",\"indexed\":\"yes\"}"),
            Kind.INVALID_FIELD,
            "inputs[0].indexed",
            "true or false"),
        bad(
            indexed(4, false),
            Kind.TOO_MANY_INDEXED,
            "inputs[3].indexed",
            "more than 3 indexed inputs"),
        bad(
            indexed(5, true),
            Kind.TOO_MANY_INDEXED,
            "inputs[4].indexed",
            "more than 4 indexed inputs"),
        bad(
            deepTuple(33),
            Kind.TOO_COMPLEX,
            "inputs[0]" + ".components[0]".repeat(32) + ".type",
            "nested deeper"),
        bad(longTupleArray(), Kind.TOO_COMPLEX, "inputs[0].type", "1600"));
  }

  @ParameterizedTest(name = "{1} at ''{2}'': {0}")
  @MethodSource("badAbis")
  void rejectsWithKindPathAndReason(String json, Kind kind, String path, String reason) {
    AbiException e = assertThrows(AbiException.class, () -> Abi.parseEvent(json));
    assertEquals(kind, e.kind(), e.toString());
    assertEquals(path, e.path(), e.toString());
    assertTrue(e.getMessage().contains(reason), e.toString());
  }

  @ParameterizedTest(name = "{1} at ''{2}'' through records: {0}")
  @MethodSource("badAbis")
  void recordsFailTheSameWayWhenTheyMapCleanly(String json, Kind kind, String path, String reason)
      throws Exception {
    AbiEventJson mapped;
    try {
      mapped =
          new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, AbiEventJson.class);
    } catch (Exception notMappable) {
      return; // Jackson's binding rejects these before we see them.
    }
    AbiEventJson record = mapped;
    AbiException e = assertThrows(AbiException.class, () -> Abi.parseEvent(record));
    assertEquals(path, e.path(), e.toString());
  }

  private static Arguments bad(String json, Kind kind, String path, String reason) {
    return Arguments.of(json, kind, path, reason);
  }

  private static String event(String... inputs) {
    return "{\"type\":\"event\",\"name\":\"E\",\"inputs\":[" + String.join(",", inputs) + "]}";
  }

  private static String in(String type) {
    return event("{\"name\":\"v\",\"type\":\"" + type + "\"}");
  }

  private static String indexed(int n, boolean anonymous) {
    StringBuilder sb =
        new StringBuilder(
            "{\"type\":\"event\",\"name\":\"E\",\"anonymous\":" + anonymous + ",\"inputs\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? "," : "")
          .append("{\"name\":\"a")
          .append(i)
          .append("\",\"type\":\"uint8\",\"indexed\":true}");
    }
    return sb.append("]}").toString();
  }

  private static String deepTuple(int depth) {
    String inner = "{\"name\":\"x\",\"type\":\"bool\"}";
    for (int i = 0; i < depth; i++) {
      inner = "{\"name\":\"t\",\"type\":\"tuple\",\"components\":[" + inner + "]}";
    }
    return event(inner);
  }

  private static String longTupleArray() {
    StringBuilder components = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      components
          .append(i > 0 ? "," : "")
          .append("{\"name\":\"c")
          .append(i)
          .append("\",\"type\":\"uint256\"}");
    }
    return event("{\"name\":\"t\",\"type\":\"tuple[]\",\"components\":[" + components + "]}");
  }
}
