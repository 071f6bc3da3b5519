package dev.eventstreamer.common.abi;

import java.util.Objects;

/** A JSON ABI that cannot be parsed, or a log that does not fit its event: a kind, where, what. */
public final class AbiException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What went wrong; the first group is about the ABI, the second about a log. */
  public enum Kind {
    // Parsing an event ABI.
    /** The text is not JSON, or not a JSON object. */
    MALFORMED_JSON,
    /** A required field (e.g. `name`, an input's `type`) is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type or a value that is not allowed there. */
    INVALID_FIELD,
    /** `type` is present and is not "event". */
    NOT_AN_EVENT,
    /** The event name or an input name is not a Solidity identifier. */
    INVALID_NAME,
    /** A type that Solidity does not have, e.g. `uint257` or `tuple[x]`. */
    UNKNOWN_TYPE,
    /** A real Solidity type that events cannot be decoded with here (fixed-point numbers). */
    UNSUPPORTED_TYPE,
    /** A fixed array length of 0, with a leading zero, or beyond the supported maximum. */
    INVALID_ARRAY_LENGTH,
    /** `tuple` (or `tuple[]`, `tuple[k]`) without a non-empty `components` list. */
    TUPLE_WITHOUT_COMPONENTS,
    /** `components` on a type that is not a tuple. */
    UNEXPECTED_COMPONENTS,
    /** More than 3 indexed inputs (4 for an anonymous event). */
    TOO_MANY_INDEXED,
    /** Two inputs (or two components of one tuple) with the same name. */
    DUPLICATE_NAME,
    /** Nesting, array sizes or type length beyond the limits that keep decoding bounded. */
    TOO_COMPLEX,

    // Decoding a log.
    /** The log itself lacks `topics` or `data`, or a position field is not what it should be. */
    INVALID_LOG,
    /** A hex string (topic, data, hash, address, quantity) is not 0x-prefixed hex. */
    MALFORMED_HEX,
    /** The number of topics does not match the event's indexed inputs. */
    TOPIC_COUNT,
    /** topic0 is not the event's signature hash. */
    TOPIC0_MISMATCH,
    /** A topic is not 32 bytes, or holds a value its indexed input's type cannot have. */
    INVALID_TOPIC,
    /** The data ends before a value it must contain. */
    DATA_TOO_SHORT,
    /** An offset in the data points outside the data. */
    OFFSET_OUT_OF_RANGE,
    /** A length in the data is larger than the data that could hold it. */
    LENGTH_OUT_OF_RANGE,
    /** A value does not fit its type (e.g. bool 2, uint8 300, non-zero padding). */
    INVALID_VALUE,
    /** Bytes left over after the last value. */
    TRAILING_DATA,
    /** The data would expand into far more values than its size allows (shared offsets). */
    TOO_LARGE
  }

  private final Kind kind;
  private final String path;

  /**
   * @param path where: a path into the ABI JSON such as {@code inputs[2].components[0].type}, or
   *     into the log such as {@code topics[1]} or {@code data.amounts[3]}; empty for the whole
   */
  public AbiException(Kind kind, String path, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind);
    this.path = Objects.requireNonNull(path);
  }

  public Kind kind() {
    return kind;
  }

  /** Where the problem is; empty when it concerns the whole document or log. */
  public String path() {
    return path;
  }

  @Override
  public String toString() {
    return "AbiException[" + kind + (path.isEmpty() ? "" : " at " + path) + "]: " + getMessage();
  }

  // Logs are untrusted and numerous; a stack trace per bad log costs more than it tells.
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
