package dev.eventstreamer.common.eventstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our codec against AWS's own (software.amazon.eventstream 1.0.1), both directions, byte for byte.
 * AWS's encoder writes byte and short headers without their value (a bug of 1.0.1; its decoder
 * reads them right), so frames encoded by AWS are only drawn from the eight other types.
 */
class AwsCrossCheckTest {

  private static final int MESSAGES = 3000;

  @Test
  void awsDecodesWhatWeEncodeWithHeadersOfAllTenTypes() throws Exception {
    RandomMessages random = new RandomMessages(1);
    for (int i = 0; i < MESSAGES; i++) {
      Message ours = random.next();
      byte[] frame = EventStreamCodec.encode(ours);

      software.amazon.eventstream.Message theirs =
          software.amazon.eventstream.Message.decode(ByteBuffer.wrap(frame));

      assertEquals(ours, RandomMessages.fromAws(theirs), "message " + i);
    }
  }

  @Test
  void bothCodecsEncodeTheSameMessageToTheSameBytes() throws Exception {
    RandomMessages random = new RandomMessages(2, true);
    for (int i = 0; i < MESSAGES; i++) {
      Message ours = random.next();

      byte[] theirs = bytes(RandomMessages.toAws(ours).toByteBuffer());

      assertArrayEquals(theirs, EventStreamCodec.encode(ours), "message " + i);
    }
  }

  @Test
  void weDecodeWhatAwsEncodesAndReencodeTheSameBytes() throws Exception {
    RandomMessages random = new RandomMessages(3, true);
    for (int i = 0; i < MESSAGES; i++) {
      software.amazon.eventstream.Message theirs = RandomMessages.toAws(random.next());
      byte[] frame = bytes(theirs.toByteBuffer());

      Message ours = EventStreamCodec.decode(frame);

      assertEquals(RandomMessages.fromAws(theirs), ours, "message " + i);
      assertArrayEquals(frame, EventStreamCodec.encode(ours), "message " + i);
    }
  }

  @Test
  void ourIncrementalDecoderReadsAnAwsStreamCutAtRandomPoints() throws Exception {
    RandomMessages random = new RandomMessages(4, true);
    List<Message> sent = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 500; i++) {
      Message m = random.next();
      sent.add(m);
      RandomMessages.toAws(m).encode(stream);
    }
    byte[] bytes = stream.toByteArray();

    EventStreamDecoder decoder = new EventStreamDecoder();
    List<Message> received = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      // Mostly small chunks, some larger than whole messages.
      int max = random.random().nextInt(4) == 0 ? 200_000 : 64;
      int n = Math.min(bytes.length - at, 1 + random.random().nextInt(max));
      received.addAll(decoder.feed(ByteBuffer.wrap(bytes, at, n)));
      at += n;
    }
    decoder.end();

    assertEquals(sent, received);
  }

  @Test
  void awsIncrementalDecoderReadsOurStreamWithHeadersOfAllTenTypes() throws Exception {
    RandomMessages random = new RandomMessages(5);
    List<Message> sent = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 300; i++) {
      Message m = random.next();
      sent.add(m);
      stream.write(EventStreamCodec.encode(m));
    }
    byte[] bytes = stream.toByteArray();

    List<software.amazon.eventstream.Message> received = new ArrayList<>();
    software.amazon.eventstream.MessageDecoder theirs =
        new software.amazon.eventstream.MessageDecoder(received::add);
    int at = 0;
    while (at < bytes.length) {
      int n = Math.min(bytes.length - at, 1 + random.random().nextInt(100_000));
      theirs.feed(bytes, at, n);
      at += n;
    }

    List<Message> decoded = new ArrayList<>();
    for (software.amazon.eventstream.Message m : received) {
      decoded.add(RandomMessages.fromAws(m));
    }
    assertEquals(sent, decoded);
  }

  @Test
  void awsEncoderDropsByteAndShortValuesWhichWeWrite() throws Exception {
    Map<String, software.amazon.eventstream.HeaderValue> headers = new LinkedHashMap<>();
    headers.put("b", software.amazon.eventstream.HeaderValue.fromByte((byte) 0x7f));
    byte[] theirs =
        bytes(new software.amazon.eventstream.Message(headers, new byte[0]).toByteBuffer());
    byte[] ours =
        EventStreamCodec.encode(
            Message.of(List.of(Header.of("b", HeaderValue.of((byte) 0x7f))), new byte[0]));

    // Headers block: name length, name, type 2, then the value byte that AWS leaves out.
    assertEquals("016202", HexFormat.of().formatHex(theirs, 12, theirs.length - 4));
    assertEquals("0162027f", HexFormat.of().formatHex(ours, 12, ours.length - 4));
    // AWS decodes our frame to the value we wrote.
    assertEquals(
        (byte) 0x7f,
        software.amazon.eventstream.Message.decode(ByteBuffer.wrap(ours))
            .getHeaders()
            .get("b")
            .getByte());
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
