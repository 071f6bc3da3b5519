package dev.eventstreamer.common.eventstream;

import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.DECODER_FAILED;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Turns a byte stream cut anywhere (Vert.x buffers, Netty chunks) into whole messages.
 *
 * <p>Memory stays bounded: at most one partial message is buffered, its announced size was checked
 * against {@link EventStreamLimits#MAX_MESSAGE_SIZE} (after its prelude CRC), and the buffer only
 * grows with the bytes that arrive. A frame that arrives whole in one chunk is decoded in place.
 * After a failure the stream's framing is lost: every later call fails with {@code DECODER_FAILED}.
 * Not thread-safe: one decoder per connection.
 */
public final class EventStreamDecoder {

  // A buffer that grew past this for one large message is not kept for the next ones.
  private static final int RETAINED_BUFFER = 64 * 1024;
  private static final int SCRATCH = 8 * 1024;

  private final CRC32 crc = new CRC32();
  private byte[] buffer;
  private int filled;
  // Total length of the message being buffered; 0 while its prelude is incomplete.
  private int expected;
  private EventStreamException failure;
  private byte[] scratch;

  /** A decoder at the start of a stream. */
  public EventStreamDecoder() {}

  /** Decodes {@code chunk}, handing each completed message to {@code sink} as soon as it is. */
  public void feed(byte[] chunk, int offset, int length, Consumer<? super Message> sink)
      throws EventStreamException {
    Objects.checkFromIndexSize(offset, length, chunk.length);
    if (failure != null) {
      throw failed();
    }
    try {
      run(chunk, offset, length, sink);
    } catch (EventStreamException e) {
      failure = e;
      buffer = null;
      throw e;
    }
  }

  /** Decodes {@code chunk} and returns the messages it completed (often none, sometimes many). */
  public List<Message> feed(byte[] chunk) throws EventStreamException {
    return feed(chunk, 0, chunk.length);
  }

  /** Decodes {@code length} bytes at {@code offset} and returns the messages they completed. */
  public List<Message> feed(byte[] chunk, int offset, int length) throws EventStreamException {
    List<Message> out = new ArrayList<>(2);
    feed(chunk, offset, length, out::add);
    return out;
  }

  /** Decodes the remaining bytes of {@code chunk} (consuming them) and returns the messages. */
  public List<Message> feed(ByteBuffer chunk) throws EventStreamException {
    List<Message> out = new ArrayList<>(2);
    feed(chunk, out::add);
    return out;
  }

  /** Decodes the remaining bytes of {@code chunk}, consuming them, handing messages to sink. */
  public void feed(ByteBuffer chunk, Consumer<? super Message> sink) throws EventStreamException {
    if (chunk.hasArray()) {
      int length = chunk.remaining();
      feed(chunk.array(), chunk.arrayOffset() + chunk.position(), length, sink);
      chunk.position(chunk.position() + length);
      return;
    }
    // Direct buffers: through a small reused array, so a huge chunk costs no huge copy.
    if (scratch == null) {
      scratch = new byte[SCRATCH];
    }
    while (chunk.hasRemaining()) {
      int n = Math.min(scratch.length, chunk.remaining());
      chunk.get(scratch, 0, n);
      feed(scratch, 0, n, sink);
    }
  }

  /**
   * Signals the end of the stream.
   *
   * @throws EventStreamException {@code TRUNCATED} when it ended inside a message
   */
  public void end() throws EventStreamException {
    if (failure != null) {
      throw failed();
    }
    if (filled > 0) {
      int need = expected > 0 ? expected : Wire.PRELUDE_LENGTH;
      failure = EventStreamCodec.truncated(filled, need);
      buffer = null;
      throw failure;
    }
  }

  /** Bytes of an incomplete message held back until the rest arrives. */
  public int bufferedBytes() {
    return filled;
  }

  private void run(byte[] in, int off, int len, Consumer<? super Message> sink)
      throws EventStreamException {
    while (len > 0) {
      if (filled == 0 && len >= Wire.PRELUDE_LENGTH) {
        // Fast path: a whole frame at hand is decoded where it lies.
        int total = Wire.checkPrelude(in, off, crc);
        if (len >= total) {
          sink.accept(Wire.decode(in, off, total, crc));
          off += total;
          len -= total;
          continue;
        }
        expected = total;
      }
      int want = (expected > 0 ? expected : Wire.PRELUDE_LENGTH) - filled;
      int n = Math.min(want, len);
      append(in, off, n);
      off += n;
      len -= n;
      if (expected == 0) {
        if (filled < Wire.PRELUDE_LENGTH) {
          return;
        }
        expected = Wire.checkPrelude(buffer, 0, crc);
        continue;
      }
      if (filled == expected) {
        Message message = Wire.decode(buffer, 0, expected, crc);
        filled = 0;
        expected = 0;
        if (buffer.length > RETAINED_BUFFER) {
          buffer = null;
        }
        sink.accept(message);
      }
    }
  }

  // Room grows with the bytes that actually arrived (doubling, capped by the announced length),
  // so a prelude announcing 16 MiB costs nothing until the peer sends them.
  private void append(byte[] in, int off, int n) {
    int need = filled + n;
    if (buffer == null || buffer.length < need) {
      int cap = Math.max(expected, Wire.PRELUDE_LENGTH);
      int size = Math.min(cap, Math.max(need, buffer == null ? 1024 : buffer.length * 2));
      byte[] grown = new byte[size];
      if (buffer != null) {
        System.arraycopy(buffer, 0, grown, 0, filled);
      }
      buffer = grown;
    }
    System.arraycopy(in, off, buffer, filled, n);
    filled += n;
  }

  private EventStreamException failed() {
    return new EventStreamException(
        DECODER_FAILED, "decoder failed earlier (" + failure.getMessage() + "); start a new one");
  }
}
