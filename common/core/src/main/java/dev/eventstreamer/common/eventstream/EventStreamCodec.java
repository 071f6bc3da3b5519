package dev.eventstreamer.common.eventstream;

import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.LENGTH_MISMATCH;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.TRUNCATED;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Encodes messages to frames and decodes single whole frames; see {@link EventStreamDecoder}. */
public final class EventStreamCodec {

  private EventStreamCodec() {}

  /** The frame of a message. */
  public static byte[] encode(Message message) {
    byte[] frame = new byte[message.encodedLength()];
    Wire.encode(message, frame, 0, new CRC32());
    return frame;
  }

  /**
   * Writes the frame of a message at {@code out}'s position and advances it.
   *
   * @throws java.nio.BufferOverflowException when fewer than {@link Message#encodedLength()} bytes
   *     remain, as {@link ByteBuffer#put(byte[])} does
   */
  public static void encode(Message message, ByteBuffer out) {
    int length = message.encodedLength();
    if (out.remaining() < length) {
      throw new java.nio.BufferOverflowException();
    }
    if (out.hasArray()) {
      int position = out.position();
      Wire.encode(message, out.array(), out.arrayOffset() + position, new CRC32());
      out.position(position + length);
    } else {
      out.put(encode(message));
    }
  }

  /**
   * The message of a frame that fills {@code frame} exactly.
   *
   * @throws EventStreamException when the frame is broken, truncated or followed by more bytes
   */
  public static Message decode(byte[] frame) throws EventStreamException {
    CRC32 crc = new CRC32();
    if (frame.length < Wire.PRELUDE_LENGTH) {
      throw truncated(frame.length, Wire.PRELUDE_LENGTH);
    }
    int total = Wire.checkPrelude(frame, 0, crc);
    if (frame.length < total) {
      throw truncated(frame.length, total);
    }
    if (frame.length > total) {
      throw new EventStreamException(
          LENGTH_MISMATCH,
          "frame holds " + frame.length + " bytes, its prelude announces " + total);
    }
    return Wire.decode(frame, 0, total, crc);
  }

  /**
   * The message at {@code in}'s position; advances past it, leaving whatever follows.
   *
   * @throws EventStreamException when the frame is broken or fewer bytes remain than it announces
   *     (the position is then unchanged)
   */
  public static Message decode(ByteBuffer in) throws EventStreamException {
    int remaining = in.remaining();
    if (remaining < Wire.PRELUDE_LENGTH) {
      throw truncated(remaining, Wire.PRELUDE_LENGTH);
    }
    CRC32 crc = new CRC32();
    byte[] prelude = new byte[Wire.PRELUDE_LENGTH];
    in.get(in.position(), prelude);
    int total = Wire.checkPrelude(prelude, 0, crc);
    if (remaining < total) {
      throw truncated(remaining, total);
    }
    Message message;
    if (in.hasArray()) {
      message = Wire.decode(in.array(), in.arrayOffset() + in.position(), total, crc);
    } else {
      byte[] frame = new byte[total];
      in.get(in.position(), frame);
      message = Wire.decode(frame, 0, total, crc);
    }
    in.position(in.position() + total);
    return message;
  }

  static EventStreamException truncated(int have, int need) {
    return new EventStreamException(
        TRUNCATED, "input ends after " + have + " bytes of a message that needs " + need);
  }
}
