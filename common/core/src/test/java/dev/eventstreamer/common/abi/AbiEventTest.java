package dev.eventstreamer.common.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a parsed event tells: signature, topic0, normalized types and the keys of its values. */
class AbiEventTest {

  @Test
  void transferHasTheWellKnownTopic0() throws Exception {
    AbiEvent e =
        Abi.parseEvent(
            "{\"type\":\"event\",\"name\":\"Transfer\",\"inputs\":["
                + "{\"name\":\"from\",\"type\":\"address\",\"indexed\":true,\"internalType\":\"address\"},"
                + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
                + "{\"name\":\"value\",\"type\":\"uint\",\"indexed\":false}]}");
    assertEquals("Transfer(address,address,uint256)", e.canonicalSignature());
    assertEquals("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", e.topic0());
    assertEquals("uint256", e.inputs().get(2).type());
    assertEquals(2, e.indexedCount());
  }

  @Test
  void tuplesExpandInTheSignatureAndKeepTheirShapeInInputs() throws Exception {
    AbiEvent e =
        Abi.parseEvent(
            "{\"name\":\"Swap\",\"inputs\":[{\"name\":\"s\",\"type\":\"address\",\"indexed\":true},"
                + "{\"name\":\"legs\",\"type\":\"tuple[]\",\"components\":[{\"name\":\"a\",\"type\":\"uint256\"},{\"name\":\"p\",\"type\":\"bytes32\"}]},"
                + "{\"name\":\"tick\",\"type\":\"int24\"}]}");
    assertEquals("Swap(address,(uint256,bytes32)[],int24)", e.canonicalSignature());
    assertEquals("tuple[]", e.inputs().get(1).type());
    assertEquals("(uint256,bytes32)[]", e.inputs().get(1).canonicalType());
    assertEquals(
        List.of("a", "p"),
        e.inputs().get(1).components().stream().map(AbiParameter::fieldName).toList());
  }

  @Test
  void unnamedInputsAreKeyedByPosition() throws Exception {
    AbiEvent e =
        Abi.parseEvent(
            "{\"name\":\"E\",\"inputs\":[{\"type\":\"bool\"},{\"name\":\"x\",\"type\":\"bool\"},{\"name\":\"\",\"type\":\"tuple\",\"components\":[{\"type\":\"uint8\"}]}]}");
    assertNull(e.inputs().get(0).name());
    assertEquals("arg0", e.inputs().get(0).fieldName());
    assertEquals("arg2", e.inputs().get(2).fieldName());
    assertEquals("arg0", e.inputs().get(2).components().get(0).fieldName());
  }

  @Test
  void parametersNamedLikePositionFieldsMoveAsideWithUnderscores() throws Exception {
    AbiEvent e =
        Abi.parseEvent(
            "{\"name\":\"E\",\"inputs\":[{\"name\":\"address\",\"type\":\"address\"},{\"name\":\"_address\",\"type\":\"bool\"},"
                + "{\"name\":\"block_number\",\"type\":\"uint64\"},{\"name\":\"t\",\"type\":\"tuple\",\"components\":[{\"name\":\"address\",\"type\":\"address\"}]}]}");
    assertEquals("__address", e.inputs().get(0).fieldName());
    assertEquals("_address", e.inputs().get(1).fieldName());
    assertEquals("_block_number", e.inputs().get(2).fieldName());
    // Inside a tuple's object nothing collides with the position fields.
    assertEquals("address", e.inputs().get(3).components().get(0).fieldName());
  }

  @Test
  void anonymousEventsStillHaveASignature() throws Exception {
    AbiEvent e = Abi.parseEvent("{\"name\":\"A\",\"anonymous\":true,\"inputs\":[]}");
    assertEquals("A()", e.canonicalSignature());
    assertEquals(true, e.anonymous());
  }

  @Test
  void functionTypeIsKeptInTheSignature() throws Exception {
    AbiEvent e =
        Abi.parseEvent("{\"name\":\"F\",\"inputs\":[{\"name\":\"cb\",\"type\":\"function\"}]}");
    assertEquals("F(function)", e.canonicalSignature());
  }

  @Test
  void eventsRoundTripThroughTheirJson() throws Exception {
    AbiEvent e =
        Abi.parseEvent(
            "{\"name\":\"E\",\"inputs\":[{\"type\":\"uint\",\"indexed\":true},{\"name\":\"t\",\"type\":\"tuple[2][]\",\"components\":[{\"name\":\"s\",\"type\":\"string\"}]}]}");
    assertEquals(e, Abi.parseEvent(Abi.toJson(e)));
  }
}
