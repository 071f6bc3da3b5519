package dev.eventstreamer.common.eventstream;

/** Why an event stream message could not be encoded or decoded; {@link #kind()} says which rule. */
public final class EventStreamException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The rule a message broke. */
  public enum Kind {
    /** The CRC32 of the first 8 bytes does not match the prelude CRC. */
    PRELUDE_CRC_MISMATCH,
    /** The CRC32 of the whole message does not match the trailing message CRC. */
    MESSAGE_CRC_MISMATCH,
    /** Total, headers and header lengths do not add up (or a header runs past the block). */
    LENGTH_MISMATCH,
    /** A header type byte outside 0..9. */
    UNKNOWN_HEADER_TYPE,
    /** The input ended inside a message. */
    TRUNCATED,
    /** Total length above {@link EventStreamLimits#MAX_MESSAGE_SIZE}. */
    MESSAGE_TOO_LARGE,
    /** Headers block above {@link EventStreamLimits#MAX_HEADERS_SIZE}. */
    HEADERS_TOO_LARGE,
    /** A header name empty or above {@link EventStreamLimits#MAX_HEADER_NAME_LENGTH} bytes. */
    INVALID_HEADER_NAME,
    /** A string or byte array value above {@link EventStreamLimits#MAX_VALUE_LENGTH} bytes. */
    VALUE_TOO_LONG,
    /** A header name or string value that is not well-formed UTF-8 (or UTF-16 when encoding). */
    INVALID_UTF8,
    /** The same header name twice in one message. */
    DUPLICATE_HEADER,
    /** The decoder was fed again after it failed: the framing of the stream is lost. */
    DECODER_FAILED
  }

  private final Kind kind;

  public EventStreamException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** The rule that was broken. */
  public Kind kind() {
    return kind;
  }
}
