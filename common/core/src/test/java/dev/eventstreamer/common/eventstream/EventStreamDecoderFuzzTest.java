package dev.eventstreamer.common.eventstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Arbitrary bytes in arbitrary chunks: the decoder may only answer with messages or an {@link
 * EventStreamException}, and whatever it decodes must encode back to the bytes it came from. The
 * last bytes of an input seed the chunk sizes (four) and say whether to repair the CRCs (one); the
 * rest is the stream.
 */
class EventStreamDecoderFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decoderSurvivesAnyInput(FuzzedDataProvider data) {
    long seed = data.consumeInt();
    boolean fixCrcs = data.consumeBoolean();
    byte[] stream = data.consumeRemainingAsBytes();
    if (fixCrcs) {
      // Past the CRCs, so mutations reach the header parser instead of dying at a checksum.
      fixCrcs(stream);
    }
    Random chunks = new Random(seed);
    EventStreamDecoder decoder = new EventStreamDecoder();
    ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
    try {
      int at = 0;
      while (at < stream.length) {
        int n = Math.min(stream.length - at, 1 + chunks.nextInt(chunks.nextBoolean() ? 16 : 4096));
        decoder.feed(stream, at, n, m -> reencoded.writeBytes(EventStreamCodec.encode(m)));
        at += n;
      }
      decoder.end();
    } catch (EventStreamException expected) {
      // Broken input, reported as such: the contract.
    }
    // What was decoded is exactly the start of the input, byte for byte.
    byte[] out = reencoded.toByteArray();
    assertArrayEquals(Arrays.copyOf(stream, out.length), out);

    try {
      Message m = EventStreamCodec.decode(stream);
      assertArrayEquals(stream, EventStreamCodec.encode(m));
    } catch (EventStreamException expected) {
      // The contract again, for the one-shot decoder.
    }
  }

  /** Rewrites both CRCs of each frame whose announced length fits, front to back. */
  static void fixCrcs(byte[] stream) {
    CRC32 crc = new CRC32();
    int at = 0;
    while (stream.length - at >= 16) {
      long total = ByteBuffer.wrap(stream, at, 4).getInt() & 0xFFFFFFFFL;
      if (total < 16 || total > stream.length - at) {
        return;
      }
      crc.reset();
      crc.update(stream, at, 8);
      ByteBuffer.wrap(stream, at + 8, 4).putInt((int) crc.getValue());
      crc.reset();
      crc.update(stream, at, (int) total - 4);
      ByteBuffer.wrap(stream, at + (int) total - 4, 4).putInt((int) crc.getValue());
      at += (int) total;
    }
  }
}
