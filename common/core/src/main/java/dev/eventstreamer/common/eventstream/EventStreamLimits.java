package dev.eventstreamer.common.eventstream;

/** The sizes the codec enforces on both sides (the limits of AWS's own implementations). */
public final class EventStreamLimits {

  /** Largest whole message, prelude and CRCs included: 16 MiB. */
  public static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

  /** Largest headers block: 128 KiB. */
  public static final int MAX_HEADERS_SIZE = 128 * 1024;

  /** Longest header name in UTF-8 bytes (its length is one unsigned byte). */
  public static final int MAX_HEADER_NAME_LENGTH = 255;

  /**
   * Longest string or byte array value in bytes (AWS's codecs read the length as a signed short).
   */
  public static final int MAX_VALUE_LENGTH = Short.MAX_VALUE;

  /** Prelude (12) plus message CRC (4): the size of a message without headers and payload. */
  public static final int MESSAGE_OVERHEAD = 16;

  /** Largest payload of a message with no headers. */
  public static final int MAX_PAYLOAD_SIZE = MAX_MESSAGE_SIZE - MESSAGE_OVERHEAD;

  private EventStreamLimits() {}
}
