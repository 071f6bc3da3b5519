package dev.eventstreamer.common.eventstream;

import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.DUPLICATE_HEADER;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.HEADERS_TOO_LARGE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.INVALID_HEADER_NAME;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.INVALID_UTF8;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.LENGTH_MISMATCH;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.MESSAGE_CRC_MISMATCH;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.MESSAGE_TOO_LARGE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.PRELUDE_CRC_MISMATCH;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.UNKNOWN_HEADER_TYPE;
import static dev.eventstreamer.common.eventstream.EventStreamException.Kind.VALUE_TOO_LONG;
import static dev.eventstreamer.common.eventstream.EventStreamLimits.MAX_HEADERS_SIZE;
import static dev.eventstreamer.common.eventstream.EventStreamLimits.MAX_HEADER_NAME_LENGTH;
import static dev.eventstreamer.common.eventstream.EventStreamLimits.MAX_MESSAGE_SIZE;
import static dev.eventstreamer.common.eventstream.EventStreamLimits.MAX_VALUE_LENGTH;
import static dev.eventstreamer.common.eventstream.EventStreamLimits.MESSAGE_OVERHEAD;

import dev.eventstreamer.common.eventstream.HeaderValue.BoolValue;
import dev.eventstreamer.common.eventstream.HeaderValue.ByteValue;
import dev.eventstreamer.common.eventstream.HeaderValue.BytesValue;
import dev.eventstreamer.common.eventstream.HeaderValue.IntValue;
import dev.eventstreamer.common.eventstream.HeaderValue.LongValue;
import dev.eventstreamer.common.eventstream.HeaderValue.ShortValue;
import dev.eventstreamer.common.eventstream.HeaderValue.StringValue;
import dev.eventstreamer.common.eventstream.HeaderValue.TimestampValue;
import dev.eventstreamer.common.eventstream.HeaderValue.UuidValue;
import dev.eventstreamer.common.eventstream.impl.StringCache;
import dev.eventstreamer.common.eventstream.impl.Utf8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;

/** The binary layout: prelude, headers, payload, CRCs. Package-private so Message stays trusted. */
final class Wire {

  static final int PRELUDE_LENGTH = 12;

  private Wire() {}

  // ---- limits shared by both directions

  /** Validates headers for encoding and returns the size of their block. */
  static int headersLength(List<Header> headers) throws EventStreamException {
    long total = 0;
    for (Header h : headers) {
      int nameLength = Utf8.encodedLength(h.name());
      if (nameLength < 0) {
        throw new EventStreamException(
            INVALID_UTF8, "header name " + quote(h.name()) + " has an unpaired surrogate");
      }
      checkNameLength(nameLength);
      // Name length byte, name, then the type byte and value (counted by valueLength).
      total += 1 + nameLength + valueLength(h);
    }
    if (total > MAX_HEADERS_SIZE) {
      throw new EventStreamException(
          HEADERS_TOO_LARGE,
          "headers take " + total + " bytes, more than the " + MAX_HEADERS_SIZE + " allowed");
    }
    checkDuplicates(headers);
    return (int) total;
  }

  static void checkTotal(int headersLength, long payloadLength) throws EventStreamException {
    long total = MESSAGE_OVERHEAD + (long) headersLength + payloadLength;
    if (total > MAX_MESSAGE_SIZE) {
      throw new EventStreamException(
          MESSAGE_TOO_LARGE,
          "message would take " + total + " bytes, more than the " + MAX_MESSAGE_SIZE + " allowed");
    }
  }

  private static void checkNameLength(int nameLength) throws EventStreamException {
    if (nameLength == 0 || nameLength > MAX_HEADER_NAME_LENGTH) {
      throw new EventStreamException(
          INVALID_HEADER_NAME,
          "header name takes "
              + nameLength
              + " bytes; it must take 1 to "
              + MAX_HEADER_NAME_LENGTH);
    }
  }

  private static int valueLength(Header h) throws EventStreamException {
    HeaderValue v = h.value();
    switch (v.type()) {
      case HeaderValue.TYPE_TRUE:
      case HeaderValue.TYPE_FALSE:
        return 1;
      case HeaderValue.TYPE_BYTE:
        return 2;
      case HeaderValue.TYPE_SHORT:
        return 3;
      case HeaderValue.TYPE_INT:
        return 5;
      case HeaderValue.TYPE_LONG:
      case HeaderValue.TYPE_TIMESTAMP:
        return 9;
      case HeaderValue.TYPE_UUID:
        return 17;
      case HeaderValue.TYPE_BYTES:
        return 3 + checkValueLength(h, ((BytesValue) v).length());
      default:
        int length = Utf8.encodedLength(((StringValue) v).value());
        if (length < 0) {
          throw new EventStreamException(
              INVALID_UTF8, "value of header " + quote(h.name()) + " has an unpaired surrogate");
        }
        return 3 + checkValueLength(h, length);
    }
  }

  private static int checkValueLength(Header h, int length) throws EventStreamException {
    if (length > MAX_VALUE_LENGTH) {
      throw new EventStreamException(
          VALUE_TOO_LONG,
          "value of header "
              + quote(h.name())
              + " takes "
              + length
              + " bytes, more than the "
              + MAX_VALUE_LENGTH
              + " allowed");
    }
    return length;
  }

  private static void checkDuplicates(List<Header> headers) throws EventStreamException {
    int n = headers.size();
    if (n <= 8) {
      // A handful of headers is the common case: pairwise compares beat hashing.
      for (int i = 1; i < n; i++) {
        String name = headers.get(i).name();
        // Decoded names come from the string cache with their hash already computed, so the hash
        // settles almost every pair without comparing the names.
        int hash = name.hashCode();
        for (int j = 0; j < i; j++) {
          String other = headers.get(j).name();
          if (hash == other.hashCode() && name.equals(other)) {
            throw duplicate(name);
          }
        }
      }
      return;
    }
    Set<String> seen = new HashSet<>(n * 2);
    for (Header h : headers) {
      if (!seen.add(h.name())) {
        throw duplicate(h.name());
      }
    }
  }

  private static EventStreamException duplicate(String name) {
    return new EventStreamException(
        DUPLICATE_HEADER, "header " + quote(name) + " appears more than once");
  }

  // ---- encoding

  /** Writes the whole message at {@code off}; the caller made room for its encoded length. */
  static void encode(Message m, byte[] dst, int off, CRC32 crc) {
    int total = m.encodedLength();
    int headersLength = m.headersLength();
    putInt(dst, off, total);
    putInt(dst, off + 4, headersLength);
    crc.reset();
    crc.update(dst, off, 8);
    putInt(dst, off + 8, (int) crc.getValue());
    int p = off + PRELUDE_LENGTH;
    for (Header h : m.headers()) {
      p = putHeader(h, dst, p);
    }
    byte[] payload = m.payloadArray();
    System.arraycopy(payload, 0, dst, p, payload.length);
    p += payload.length;
    crc.reset();
    crc.update(dst, off, total - 4);
    putInt(dst, p, (int) crc.getValue());
  }

  private static int putHeader(Header h, byte[] dst, int p) {
    String name = h.name();
    int nameStart = p + 1;
    int nameEnd = Utf8.encode(name, dst, nameStart);
    dst[p] = (byte) (nameEnd - nameStart);
    p = nameEnd;
    HeaderValue v = h.value();
    dst[p++] = v.type();
    if (v instanceof BoolValue) {
      return p;
    } else if (v instanceof StringValue s) {
      int start = p + 2;
      int end = Utf8.encode(s.value(), dst, start);
      putShort(dst, p, end - start);
      return end;
    } else if (v instanceof IntValue i) {
      putInt(dst, p, i.value());
      return p + 4;
    } else if (v instanceof LongValue l) {
      putLong(dst, p, l.value());
      return p + 8;
    } else if (v instanceof TimestampValue t) {
      putLong(dst, p, t.epochMillis());
      return p + 8;
    } else if (v instanceof ByteValue b) {
      dst[p] = b.value();
      return p + 1;
    } else if (v instanceof ShortValue s) {
      putShort(dst, p, s.value());
      return p + 2;
    } else if (v instanceof BytesValue b) {
      byte[] bytes = b.value();
      putShort(dst, p, bytes.length);
      System.arraycopy(bytes, 0, dst, p + 2, bytes.length);
      return p + 2 + bytes.length;
    } else {
      UUID u = ((UuidValue) v).value();
      putLong(dst, p, u.getMostSignificantBits());
      putLong(dst, p + 8, u.getLeastSignificantBits());
      return p + 16;
    }
  }

  // ---- decoding

  /**
   * Checks the 12-byte prelude at {@code off} and returns the message's total length. Checks the
   * CRC first, so random bytes are reported as a broken prelude rather than as an odd length.
   */
  static int checkPrelude(byte[] src, int off, CRC32 crc) throws EventStreamException {
    crc.reset();
    crc.update(src, off, 8);
    int expected = getInt(src, off + 8);
    int actual = (int) crc.getValue();
    if (expected != actual) {
      throw new EventStreamException(
          PRELUDE_CRC_MISMATCH,
          String.format(
              "prelude CRC is 0x%08x, the prelude's bytes give 0x%08x", expected, actual));
    }
    long total = getInt(src, off) & 0xFFFFFFFFL;
    long headersLength = getInt(src, off + 4) & 0xFFFFFFFFL;
    if (total > MAX_MESSAGE_SIZE) {
      throw new EventStreamException(
          MESSAGE_TOO_LARGE,
          "message announces " + total + " bytes, more than the " + MAX_MESSAGE_SIZE + " allowed");
    }
    if (headersLength > MAX_HEADERS_SIZE) {
      throw new EventStreamException(
          HEADERS_TOO_LARGE,
          "message announces "
              + headersLength
              + " bytes of headers, more than the "
              + MAX_HEADERS_SIZE
              + " allowed");
    }
    if (total < MESSAGE_OVERHEAD + headersLength) {
      throw new EventStreamException(
          LENGTH_MISMATCH,
          "total length "
              + total
              + " cannot hold the prelude, "
              + headersLength
              + " bytes of headers and the message CRC");
    }
    return (int) total;
  }

  /**
   * Decodes the message of {@code total} bytes at {@code off} whose prelude was just checked by
   * {@link #checkPrelude} with the same {@code crc}, untouched since.
   */
  static Message decode(byte[] src, int off, int total, CRC32 crc) throws EventStreamException {
    // checkPrelude left crc holding the first 8 bytes of this very frame: carry on from there.
    crc.update(src, off + 8, total - 12);
    int expected = getInt(src, off + total - 4);
    int actual = (int) crc.getValue();
    if (expected != actual) {
      throw new EventStreamException(
          MESSAGE_CRC_MISMATCH,
          String.format(
              "message CRC is 0x%08x, the message's bytes give 0x%08x", expected, actual));
    }
    int headersLength = getInt(src, off + 4);
    int headersStart = off + PRELUDE_LENGTH;
    int payloadStart = headersStart + headersLength;
    List<Header> headers = decodeHeaders(src, headersStart, payloadStart);
    byte[] payload = Arrays.copyOfRange(src, payloadStart, off + total - 4);
    return new Message(headers, payload, headersLength);
  }

  private static List<Header> decodeHeaders(byte[] src, int p, int end)
      throws EventStreamException {
    if (p == end) {
      return List.of();
    }
    List<Header> headers = new ArrayList<>(8);
    while (p < end) {
      int nameLength = src[p++] & 0xFF;
      if (nameLength == 0) {
        throw new EventStreamException(INVALID_HEADER_NAME, "header name is empty");
      }
      // Name plus the type byte must fit.
      need(p, nameLength + 1, end, "header name");
      String name = StringCache.decode(src, p, nameLength);
      if (name == null) {
        throw new EventStreamException(INVALID_UTF8, "header name is not well-formed UTF-8");
      }
      p += nameLength;
      byte type = src[p++];
      HeaderValue value;
      switch (type) {
        case HeaderValue.TYPE_TRUE:
          value = BoolValue.TRUE;
          break;
        case HeaderValue.TYPE_FALSE:
          value = BoolValue.FALSE;
          break;
        case HeaderValue.TYPE_BYTE:
          need(p, 1, end, name);
          value = new ByteValue(src[p]);
          p += 1;
          break;
        case HeaderValue.TYPE_SHORT:
          need(p, 2, end, name);
          value = new ShortValue((short) getShort(src, p));
          p += 2;
          break;
        case HeaderValue.TYPE_INT:
          need(p, 4, end, name);
          value = new IntValue(getInt(src, p));
          p += 4;
          break;
        case HeaderValue.TYPE_LONG:
          need(p, 8, end, name);
          value = new LongValue(getLong(src, p));
          p += 8;
          break;
        case HeaderValue.TYPE_TIMESTAMP:
          need(p, 8, end, name);
          value = new TimestampValue(getLong(src, p));
          p += 8;
          break;
        case HeaderValue.TYPE_UUID:
          need(p, 16, end, name);
          value = new UuidValue(new UUID(getLong(src, p), getLong(src, p + 8)));
          p += 16;
          break;
        case HeaderValue.TYPE_BYTES:
        case HeaderValue.TYPE_STRING:
          need(p, 2, end, name);
          int length = getShort(src, p);
          p += 2;
          if (length > MAX_VALUE_LENGTH) {
            throw tooLong(name, length);
          }
          need(p, length, end, name);
          if (type == HeaderValue.TYPE_BYTES) {
            value = new BytesValue(Arrays.copyOfRange(src, p, p + length));
          } else {
            String s = StringCache.decode(src, p, length);
            if (s == null) {
              throw notUtf8(name);
            }
            value = new StringValue(s);
          }
          p += length;
          break;
        default:
          throw unknownType(name, type);
      }
      headers.add(new Header(name, value));
    }
    checkDuplicates(headers);
    return headers;
  }

  // Errors built out of line keep decodeHeaders small, so the JIT compiles and inlines it early.
  private static EventStreamException tooLong(String name, int length) {
    return new EventStreamException(
        VALUE_TOO_LONG,
        "value of header "
            + quote(name)
            + " announces "
            + length
            + " bytes, more than the "
            + MAX_VALUE_LENGTH
            + " allowed");
  }

  private static EventStreamException notUtf8(String name) {
    return new EventStreamException(
        INVALID_UTF8, "value of header " + quote(name) + " is not well-formed UTF-8");
  }

  private static EventStreamException unknownType(String name, byte type) {
    return new EventStreamException(
        UNKNOWN_HEADER_TYPE, "header " + quote(name) + " has unknown type " + type);
  }

  private static void need(int p, int n, int end, String what) throws EventStreamException {
    if (end - p < n) {
      throw runsPast(what);
    }
  }

  private static EventStreamException runsPast(String what) {
    return new EventStreamException(
        LENGTH_MISMATCH, "header " + quote(what) + " runs past the end of the headers block");
  }

  private static String quote(String name) {
    // Names come from the wire: bound what reaches logs.
    return name.length() <= 64 ? '"' + name + '"' : '"' + name.substring(0, 64) + "...\"";
  }

  // ---- big-endian primitives

  static int getInt(byte[] b, int p) {
    return (b[p] << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
  }

  private static int getShort(byte[] b, int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  private static long getLong(byte[] b, int p) {
    return ((long) getInt(b, p) << 32) | (getInt(b, p + 4) & 0xFFFFFFFFL);
  }

  private static void putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }

  private static void putShort(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 8);
    b[p + 1] = (byte) v;
  }

  private static void putLong(byte[] b, int p, long v) {
    putInt(b, p, (int) (v >>> 32));
    putInt(b, p + 4, (int) v);
  }
}
