package dev.eventstreamer.common.eventstream;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/** A typed header value; one record per wire type of the event stream format. */
public sealed interface HeaderValue {

  /** Wire type byte of {@code true}. */
  byte TYPE_TRUE = 0;

  /** Wire type byte of {@code false}. */
  byte TYPE_FALSE = 1;

  /** Wire type byte of a signed byte. */
  byte TYPE_BYTE = 2;

  /** Wire type byte of a 16-bit integer. */
  byte TYPE_SHORT = 3;

  /** Wire type byte of a 32-bit integer. */
  byte TYPE_INT = 4;

  /** Wire type byte of a 64-bit integer. */
  byte TYPE_LONG = 5;

  /** Wire type byte of a byte array. */
  byte TYPE_BYTES = 6;

  /** Wire type byte of a UTF-8 string. */
  byte TYPE_STRING = 7;

  /** Wire type byte of a timestamp (milliseconds since the epoch). */
  byte TYPE_TIMESTAMP = 8;

  /** Wire type byte of a UUID. */
  byte TYPE_UUID = 9;

  /** The type byte written on the wire. */
  byte type();

  static HeaderValue of(boolean value) {
    return value ? BoolValue.TRUE : BoolValue.FALSE;
  }

  static HeaderValue of(byte value) {
    return new ByteValue(value);
  }

  static HeaderValue of(short value) {
    return new ShortValue(value);
  }

  static HeaderValue of(int value) {
    return new IntValue(value);
  }

  static HeaderValue of(long value) {
    return new LongValue(value);
  }

  static HeaderValue of(byte[] value) {
    return new BytesValue(value);
  }

  static HeaderValue of(String value) {
    return new StringValue(value);
  }

  /** A timestamp; the wire keeps milliseconds, so finer digits are dropped (rounded down). */
  static HeaderValue of(Instant value) {
    return TimestampValue.of(value);
  }

  static HeaderValue of(UUID value) {
    return new UuidValue(value);
  }

  /** {@code true} (type 0) or {@code false} (type 1): the value is the type, no bytes follow. */
  record BoolValue(boolean value) implements HeaderValue {
    static final BoolValue TRUE = new BoolValue(true);
    static final BoolValue FALSE = new BoolValue(false);

    @Override
    public byte type() {
      return value ? TYPE_TRUE : TYPE_FALSE;
    }
  }

  /** A signed byte (type 2). */
  record ByteValue(byte value) implements HeaderValue {
    @Override
    public byte type() {
      return TYPE_BYTE;
    }
  }

  /** A 16-bit integer (type 3). */
  record ShortValue(short value) implements HeaderValue {
    @Override
    public byte type() {
      return TYPE_SHORT;
    }
  }

  /** A 32-bit integer (type 4). */
  record IntValue(int value) implements HeaderValue {
    @Override
    public byte type() {
      return TYPE_INT;
    }
  }

  /** A 64-bit integer (type 5). */
  record LongValue(long value) implements HeaderValue {
    @Override
    public byte type() {
      return TYPE_LONG;
    }
  }

  /** A byte array (type 6); copied in and out so a message cannot change under its CRC. */
  record BytesValue(byte[] value) implements HeaderValue {
    public BytesValue {
      value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /** Length in bytes, without a copy. */
    public int length() {
      return value.length;
    }

    // Encoder access without a copy.
    byte[] unsafeValue() {
      return value;
    }

    @Override
    public byte type() {
      return TYPE_BYTES;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesValue other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "BytesValue[" + HexFormat.of().formatHex(value) + "]";
    }
  }

  /** A string (type 7), UTF-8 on the wire. */
  record StringValue(String value) implements HeaderValue {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public byte type() {
      return TYPE_STRING;
    }
  }

  /** A timestamp (type 8) as milliseconds since the epoch, the wire's precision. */
  record TimestampValue(long epochMillis) implements HeaderValue {

    /** The timestamp of an instant, rounded down to the millisecond. */
    public static TimestampValue of(Instant instant) {
      Instant millis = instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      return new TimestampValue(millis.toEpochMilli());
    }

    /** The value as an instant. */
    public Instant instant() {
      return Instant.ofEpochMilli(epochMillis);
    }

    @Override
    public byte type() {
      return TYPE_TIMESTAMP;
    }
  }

  /** A UUID (type 9), 16 bytes big-endian. */
  record UuidValue(UUID value) implements HeaderValue {
    public UuidValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public byte type() {
      return TYPE_UUID;
    }
  }
}
