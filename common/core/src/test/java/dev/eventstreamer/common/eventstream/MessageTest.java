package dev.eventstreamer.common.eventstream;

import static dev.eventstreamer.common.eventstream.EventStreamDecoderTest.kindOf;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.DUPLICATE_HEADER;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.HEADERS_TOO_LARGE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.INVALID_HEADER_NAME;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.INVALID_UTF8;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.MESSAGE_TOO_LARGE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.VALUE_TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Building messages: the stream helpers, limits checked up front, encoding into buffers. */
class MessageTest {

  @Test
  void eventCarriesTheThreeStreamHeadersInOrder() throws Exception {
    byte[] json = "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8);

    Message m = Message.event("heartbeat", "application/json", json);

    assertEquals(
        List.of(
            Header.of(":message-type", "event"),
            Header.of(":event-type", "heartbeat"),
            Header.of(":content-type", "application/json")),
        m.headers());
    assertEquals(Optional.of("heartbeat"), m.eventType());
    assertArrayEquals(json, m.payload());
    assertEquals(m, EventStreamCodec.decode(EventStreamCodec.encode(m)));
  }

  @Test
  void errorCarriesCodeAndMessage() throws Exception {
    Message m = Message.error("INVALID_RESUME_TOKEN", "token expired");

    assertEquals(Optional.of("error"), m.messageType());
    assertEquals(Optional.of("INVALID_RESUME_TOKEN"), m.stringHeader(":error-code"));
    assertEquals(0, m.payloadLength());
  }

  @Test
  void payloadCannotBeChangedThroughTheArraysPassedInOrOut() throws Exception {
    byte[] payload = {1, 2, 3};
    Message m = Message.of(payload);

    payload[0] = 9;
    m.payload()[1] = 9;

    assertArrayEquals(new byte[] {1, 2, 3}, m.payload());
  }

  @Test
  void timestampsKeepMillisecondsAsTheWireDoes() throws Exception {
    HeaderValue v = HeaderValue.of(Instant.parse("2024-05-23T10:30:00.123987Z"));

    assertEquals(
        Instant.parse("2024-05-23T10:30:00.123Z"), ((HeaderValue.TimestampValue) v).instant());
  }

  @Test
  void refusesDuplicateHeaderNames() {
    assertEquals(
        DUPLICATE_HEADER,
        kindOf(() -> Message.builder().header("a", "1").header("a", "2").build()));
  }

  @Test
  void refusesEmptyAndOverlongNames() {
    assertEquals(INVALID_HEADER_NAME, kindOf(() -> Message.builder().header("", "1").build()));
    assertEquals(
        INVALID_HEADER_NAME, kindOf(() -> Message.builder().header("n".repeat(256), "1").build()));
    // 128 two-byte characters: 256 bytes.
    assertEquals(
        INVALID_HEADER_NAME, kindOf(() -> Message.builder().header("é".repeat(128), "1").build()));
  }

  @Test
  void acceptsA255ByteName() throws Exception {
    Message m = Message.builder().header("n".repeat(255), "1").build();

    assertEquals(m, EventStreamCodec.decode(EventStreamCodec.encode(m)));
  }

  @Test
  void refusesValuesAbove32767Bytes() {
    assertEquals(
        VALUE_TOO_LONG, kindOf(() -> Message.builder().header("s", "x".repeat(32768)).build()));
    assertEquals(
        VALUE_TOO_LONG,
        kindOf(() -> Message.builder().header("b", HeaderValue.of(new byte[32768])).build()));
  }

  @Test
  void refusesUnpairedSurrogates() {
    assertEquals(INVALID_UTF8, kindOf(() -> Message.builder().header("s", "a\uD800b").build()));
    assertEquals(INVALID_UTF8, kindOf(() -> Message.builder().header("\uDC00", "v").build()));
  }

  @Test
  void refusesHeadersAbove128KiB() {
    Message.Builder b = Message.builder();
    for (int i = 0; i < 5; i++) {
      b.header("h" + i, HeaderValue.of(new byte[32000]));
    }

    assertEquals(HEADERS_TOO_LARGE, kindOf(b::build));
  }

  @Test
  void refusesMessagesAbove16MiB() {
    assertEquals(
        MESSAGE_TOO_LARGE,
        kindOf(() -> Message.of(new byte[EventStreamLimits.MAX_PAYLOAD_SIZE + 1])));
  }

  @Test
  void encodesIntoHeapAndDirectBuffersAtTheirPosition() throws Exception {
    Message m = Message.event("e", "text/plain", new byte[] {42});
    byte[] expected = EventStreamCodec.encode(m);

    for (ByteBuffer out :
        new ByteBuffer[] {
          ByteBuffer.allocate(200).position(7).slice().position(3),
          ByteBuffer.allocateDirect(200).position(3)
        }) {
      EventStreamCodec.encode(m, out);
      out.flip().position(3);
      byte[] written = new byte[out.remaining()];
      out.get(written);
      assertArrayEquals(expected, written);
    }
  }

  @Test
  void decodesOneMessageFromABufferAndLeavesTheRest() throws Exception {
    Message m = Message.of(new byte[] {1});
    byte[] frame = EventStreamCodec.encode(m);
    ByteBuffer in =
        ByteBuffer.allocate(frame.length + 2).put(frame).put((byte) 5).put((byte) 6).flip();

    assertEquals(m, EventStreamCodec.decode(in));
    assertEquals(2, in.remaining());
  }
}
