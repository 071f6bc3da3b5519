package dev.eventstreamer.common.eventstream;

import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.DECODER_FAILED;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.DUPLICATE_HEADER;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.HEADERS_TOO_LARGE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.INVALID_HEADER_NAME;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.INVALID_UTF8;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.LENGTH_MISMATCH;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.MESSAGE_CRC_MISMATCH;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.MESSAGE_TOO_LARGE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.PRELUDE_CRC_MISMATCH;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.TRUNCATED;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.UNKNOWN_HEADER_TYPE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.VALUE_TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The incremental decoder: any cut of the input, every broken frame reported by kind. */
class EventStreamDecoderTest {

  @Test
  void decodesAStreamCutInTwoAtEveryByte() throws Exception {
    List<Message> sent = sampleMessages();
    byte[] stream = concat(sent);

    for (int cut = 0; cut <= stream.length; cut++) {
      EventStreamDecoder decoder = new EventStreamDecoder();
      List<Message> received = new ArrayList<>(decoder.feed(stream, 0, cut));
      received.addAll(decoder.feed(stream, cut, stream.length - cut));
      decoder.end();
      assertEquals(sent, received, "cut at " + cut);
    }
  }

  @Test
  void decodesAStreamFedOneByteAtATime() throws Exception {
    List<Message> sent = sampleMessages();
    byte[] stream = concat(sent);

    EventStreamDecoder decoder = new EventStreamDecoder();
    List<Message> received = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      received.addAll(decoder.feed(stream, i, 1));
    }
    decoder.end();

    assertEquals(sent, received);
  }

  @Test
  void decodesARandomStreamCutAtRandomPointsFromDirectBuffers() throws Exception {
    RandomMessages random = new RandomMessages(11);
    List<Message> sent = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      sent.add(random.next());
    }
    byte[] stream = concat(sent);

    EventStreamDecoder decoder = new EventStreamDecoder();
    List<Message> received = new ArrayList<>();
    int at = 0;
    while (at < stream.length) {
      int n = Math.min(stream.length - at, 1 + random.random().nextInt(50_000));
      ByteBuffer direct = ByteBuffer.allocateDirect(n);
      direct.put(stream, at, n).flip();
      decoder.feed(direct, received::add);
      assertEquals(0, direct.remaining());
      at += n;
    }
    decoder.end();

    assertEquals(sent, received);
  }

  @Test
  void holdsBackOnlyTheIncompleteMessage() throws Exception {
    byte[] stream = concat(sampleMessages());
    EventStreamDecoder decoder = new EventStreamDecoder();
    int first = Wire.getInt(stream, 0);

    List<Message> out = decoder.feed(stream, 0, first + 5);

    assertEquals(1, out.size());
    assertEquals(5, decoder.bufferedBytes());
  }

  @Test
  void reportsAStreamThatEndsInsideAMessageAsTruncated() throws Exception {
    byte[] frame =
        EventStreamCodec.encode(Message.event("event_batch", "application/json", new byte[10]));
    for (int cut : new int[] {1, 11, 12, frame.length - 1}) {
      EventStreamDecoder decoder = new EventStreamDecoder();
      assertEquals(List.of(), decoder.feed(frame, 0, cut));

      EventStreamException e = assertThrows(EventStreamException.class, decoder::end);

      assertEquals(TRUNCATED, e.kind(), "cut at " + cut);
    }
  }

  @Test
  void oneShotDecodeReportsMissingAndExtraBytes() throws Exception {
    byte[] frame = EventStreamCodec.encode(Message.of(new byte[3]));

    assertEquals(
        TRUNCATED, kindOf(() -> EventStreamCodec.decode(java.util.Arrays.copyOf(frame, 15))));
    assertEquals(
        TRUNCATED, kindOf(() -> EventStreamCodec.decode(java.util.Arrays.copyOf(frame, 5))));
    assertEquals(
        LENGTH_MISMATCH,
        kindOf(() -> EventStreamCodec.decode(java.util.Arrays.copyOf(frame, frame.length + 1))));
  }

  @Test
  void rejectsABadPreludeCrc() throws Exception {
    byte[] frame = EventStreamCodec.encode(Message.of(new byte[3]));
    frame[9] ^= 1;

    assertEquals(PRELUDE_CRC_MISMATCH, feedKind(frame));
  }

  @Test
  void rejectsABadMessageCrc() throws Exception {
    byte[] frame = EventStreamCodec.encode(Message.of(new byte[3]));
    frame[frame.length - 1] ^= 1;

    assertEquals(MESSAGE_CRC_MISMATCH, feedKind(frame));
  }

  @Test
  void rejectsHeadersLongerThanTheMessage() {
    // Prelude says 20 bytes of headers in a 16-byte message; its CRC is right.
    assertEquals(LENGTH_MISMATCH, feedKind(frame(16, 20, new byte[0])));
  }

  @Test
  void rejectsATotalLengthBelowTheOverhead() {
    assertEquals(LENGTH_MISMATCH, feedKind(frame(12, 0, new byte[0])));
  }

  @Test
  void rejectsAHeaderRunningPastItsBlock() {
    // An int header whose value needs 4 bytes, of which the block holds 2.
    byte[] headers = {1, 'a', HeaderValue.TYPE_INT, 0, 0};

    assertEquals(LENGTH_MISMATCH, feedKind(frame(headers, new byte[4])));
  }

  @Test
  void rejectsAnUnknownHeaderType() {
    assertEquals(UNKNOWN_HEADER_TYPE, feedKind(frame(new byte[] {1, 'a', 10}, new byte[0])));
  }

  @Test
  void rejectsAnEmptyHeaderName() {
    assertEquals(
        INVALID_HEADER_NAME, feedKind(frame(new byte[] {0, HeaderValue.TYPE_TRUE}, new byte[0])));
  }

  @Test
  void rejectsAStringValueAboveTheLimit() {
    // Announces 32768 bytes; the limit is 32767.
    byte[] headers = {1, 'a', HeaderValue.TYPE_STRING, (byte) 0x80, 0};

    assertEquals(VALUE_TOO_LONG, feedKind(frame(headers, new byte[0])));
  }

  @Test
  void rejectsMalformedUtf8InAStringValue() {
    byte[] headers = {1, 'a', HeaderValue.TYPE_STRING, 0, 2, (byte) 0xC0, (byte) 0x80};

    assertEquals(INVALID_UTF8, feedKind(frame(headers, new byte[0])));
  }

  @Test
  void rejectsADuplicateHeaderName() {
    byte[] headers = {1, 'a', HeaderValue.TYPE_TRUE, 1, 'a', HeaderValue.TYPE_FALSE};

    assertEquals(DUPLICATE_HEADER, feedKind(frame(headers, new byte[0])));
  }

  @Test
  void rejectsAnOversizeMessageFromItsPreludeWithoutWaitingForIt() throws Exception {
    EventStreamDecoder decoder = new EventStreamDecoder();
    byte[] prelude =
        java.util.Arrays.copyOf(frame(EventStreamLimits.MAX_MESSAGE_SIZE + 1, 0, new byte[0]), 12);

    EventStreamException e = assertThrows(EventStreamException.class, () -> decoder.feed(prelude));

    assertEquals(MESSAGE_TOO_LARGE, e.kind());
    assertEquals(0, decoder.bufferedBytes());
  }

  @Test
  void rejectsOversizeHeadersFromThePrelude() {
    byte[] prelude =
        java.util.Arrays.copyOf(
            frame(1 << 20, EventStreamLimits.MAX_HEADERS_SIZE + 1, new byte[0]), 12);

    assertEquals(HEADERS_TOO_LARGE, feedKind(prelude));
  }

  @Test
  void acceptsAMessageOfExactlyTheMaximumSize() throws Exception {
    Message big = Message.of(new byte[EventStreamLimits.MAX_PAYLOAD_SIZE]);
    byte[] frame = EventStreamCodec.encode(big);
    EventStreamDecoder decoder = new EventStreamDecoder();

    List<Message> out = new ArrayList<>(decoder.feed(frame, 0, 1000));
    out.addAll(decoder.feed(frame, 1000, frame.length - 1000));

    assertEquals(List.of(big), out);
    assertEquals(EventStreamLimits.MAX_MESSAGE_SIZE, frame.length);
  }

  @Test
  void refusesMoreInputAfterAFailure() throws Exception {
    byte[] bad = EventStreamCodec.encode(Message.of(new byte[3]));
    bad[bad.length - 1] ^= 1;
    byte[] good = EventStreamCodec.encode(Message.of(new byte[3]));
    EventStreamDecoder decoder = new EventStreamDecoder();
    assertThrows(EventStreamException.class, () -> decoder.feed(bad));

    EventStreamException e = assertThrows(EventStreamException.class, () -> decoder.feed(good));

    assertEquals(DECODER_FAILED, e.kind());
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  @Test
  void sinkGetsTheMessagesBeforeABrokenOne() throws Exception {
    byte[] good = EventStreamCodec.encode(Message.of(new byte[3]));
    byte[] bad = good.clone();
    bad[bad.length - 1] ^= 1;
    byte[] both = new byte[good.length * 2];
    System.arraycopy(good, 0, both, 0, good.length);
    System.arraycopy(bad, 0, both, good.length, bad.length);
    List<Message> received = new ArrayList<>();

    assertThrows(
        EventStreamException.class,
        () -> new EventStreamDecoder().feed(both, 0, both.length, received::add));

    assertEquals(1, received.size());
  }

  static List<Message> sampleMessages() throws EventStreamException {
    return List.of(
        Message.event(
            "event_batch", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
        Message.of(new byte[0]),
        Message.error("RATE_LIMITED", "slow down"),
        Message.builder()
            .header("n", HeaderValue.of(7L))
            .header("u", HeaderValue.of(new java.util.UUID(1, 2)))
            .header("é", HeaderValue.of((short) -3))
            .payload(new byte[40])
            .build());
  }

  static byte[] concat(List<Message> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Message m : messages) {
      out.writeBytes(EventStreamCodec.encode(m));
    }
    return out.toByteArray();
  }

  /** A frame with correct CRCs around any headers block. */
  static byte[] frame(byte[] headers, byte[] payload) {
    int total = 16 + headers.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.putInt(total).putInt(headers.length).putInt(crc(b.array(), 8));
    b.put(headers).put(payload);
    b.putInt(crc(b.array(), total - 4));
    return b.array();
  }

  /** Just a prelude (with a correct CRC) of any lengths, followed by the payload bytes. */
  static byte[] frame(int total, int headersLength, byte[] rest) {
    ByteBuffer b = ByteBuffer.allocate(12 + rest.length);
    b.putInt(total).putInt(headersLength).putInt(crc(b.array(), 8)).put(rest);
    return b.array();
  }

  private static int crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  private static EventStreamException.Kind feedKind(byte[] frame) {
    return kindOf(() -> new EventStreamDecoder().feed(frame));
  }

  interface Action {
    void run() throws EventStreamException;
  }

  static EventStreamException.Kind kindOf(Action action) {
    return assertThrows(EventStreamException.class, action::run).kind();
  }
}
