package dev.eventstreamer.common.eventstream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/** Random messages in our model and in AWS's, and conversions between the two. */
final class RandomMessages {

  private final Random random;
  private final boolean awsEncodable;

  /** Messages with headers of all ten types. */
  RandomMessages(long seed) {
    this(seed, false);
  }

  /**
   * With {@code awsEncodable}, no byte or short headers: AWS's encoder (1.0.1) writes their type
   * but not their value, so its frames of them are broken (see AwsCrossCheckTest).
   */
  RandomMessages(long seed, boolean awsEncodable) {
    this.random = new Random(seed);
    this.awsEncodable = awsEncodable;
  }

  Random random() {
    return random;
  }

  /** Random headers of every type (unique names) and a random payload, empty and large included. */
  Message next() throws EventStreamException {
    int count = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(12);
    List<Header> headers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int budget = EventStreamLimits.MAX_HEADERS_SIZE;
    while (headers.size() < count) {
      String name = string(1 + random.nextInt(random.nextInt(8) == 0 ? 255 : 24), 255);
      if (!names.add(name)) {
        continue;
      }
      HeaderValue value = value();
      Header h = new Header(name, value);
      int size = Message.of(List.of(h), new byte[0]).headersLength();
      if (size > budget) {
        break;
      }
      budget -= size;
      headers.add(h);
    }
    return Message.of(headers, payload());
  }

  HeaderValue value() {
    int type = random.nextInt(10);
    while (awsEncodable && (type == 2 || type == 3)) {
      type = random.nextInt(10);
    }
    switch (type) {
      case 0:
        return HeaderValue.of(true);
      case 1:
        return HeaderValue.of(false);
      case 2:
        return HeaderValue.of((byte) random.nextInt());
      case 3:
        return HeaderValue.of((short) random.nextInt());
      case 4:
        return HeaderValue.of(random.nextInt());
      case 5:
        return HeaderValue.of(random.nextLong());
      case 6:
        // AWS's codec refuses empty byte arrays too.
        int length = 1 + (random.nextInt(8) == 0 ? random.nextInt(32767) : random.nextInt(40));
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return HeaderValue.of(bytes);
      case 7:
        // AWS's codec refuses empty strings, so the cross-check only uses non-empty ones.
        int max = random.nextInt(8) == 0 ? 32767 : 60;
        return HeaderValue.of(string(1 + random.nextInt(max), 32767));
      case 8:
        // Any long: both codecs keep the raw milliseconds.
        return new HeaderValue.TimestampValue(random.nextLong());
      default:
        return HeaderValue.of(new UUID(random.nextLong(), random.nextLong()));
    }
  }

  byte[] payload() {
    int kind = random.nextInt(20);
    int size;
    if (kind == 0) {
      size = 0;
    } else if (kind == 1) {
      size = 65536 + random.nextInt(1 << 20);
    } else {
      size = random.nextInt(2048);
    }
    byte[] payload = new byte[size];
    random.nextBytes(payload);
    return payload;
  }

  /** A string of up to {@code chars} code points taking at most {@code maxBytes} in UTF-8. */
  String string(int chars, int maxBytes) {
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < chars; i++) {
      int cp;
      switch (random.nextInt(6)) {
        case 0:
          cp = 0x80 + random.nextInt(0x780); // two bytes
          break;
        case 1:
          cp = 0x800 + random.nextInt(0xD800 - 0x800); // three bytes
          break;
        case 2:
          cp = 0x10000 + random.nextInt(0x100000); // four bytes, a surrogate pair
          break;
        default:
          cp = 0x20 + random.nextInt(0x5F);
      }
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > maxBytes) {
        break;
      }
      bytes += n;
      sb.appendCodePoint(cp);
    }
    return sb.length() == 0 ? "x" : sb.toString();
  }

  // ---- AWS model

  static software.amazon.eventstream.Message toAws(Message m) {
    Map<String, software.amazon.eventstream.HeaderValue> headers = new LinkedHashMap<>();
    for (Header h : m.headers()) {
      headers.put(h.name(), toAws(h.value()));
    }
    return new software.amazon.eventstream.Message(headers, m.payload());
  }

  static software.amazon.eventstream.HeaderValue toAws(HeaderValue v) {
    if (v instanceof HeaderValue.BoolValue b) {
      return software.amazon.eventstream.HeaderValue.fromBoolean(b.value());
    } else if (v instanceof HeaderValue.ByteValue b) {
      return software.amazon.eventstream.HeaderValue.fromByte(b.value());
    } else if (v instanceof HeaderValue.ShortValue s) {
      return software.amazon.eventstream.HeaderValue.fromShort(s.value());
    } else if (v instanceof HeaderValue.IntValue i) {
      return software.amazon.eventstream.HeaderValue.fromInteger(i.value());
    } else if (v instanceof HeaderValue.LongValue l) {
      return software.amazon.eventstream.HeaderValue.fromLong(l.value());
    } else if (v instanceof HeaderValue.BytesValue b) {
      return software.amazon.eventstream.HeaderValue.fromByteArray(b.value());
    } else if (v instanceof HeaderValue.StringValue s) {
      return software.amazon.eventstream.HeaderValue.fromString(s.value());
    } else if (v instanceof HeaderValue.TimestampValue t) {
      return software.amazon.eventstream.HeaderValue.fromTimestamp(t.instant());
    } else {
      return software.amazon.eventstream.HeaderValue.fromUuid(((HeaderValue.UuidValue) v).value());
    }
  }

  static Message fromAws(software.amazon.eventstream.Message m) throws EventStreamException {
    List<Header> headers = new ArrayList<>();
    for (Map.Entry<String, software.amazon.eventstream.HeaderValue> e : m.getHeaders().entrySet()) {
      headers.add(new Header(e.getKey(), fromAws(e.getValue())));
    }
    return Message.of(headers, m.getPayload());
  }

  static HeaderValue fromAws(software.amazon.eventstream.HeaderValue v) {
    // HeaderType is package-private in AWS's jar: go through Object.toString.
    Object type = v.getType();
    switch (type.toString()) {
      case "TRUE":
      case "FALSE":
        return HeaderValue.of(v.getBoolean());
      case "BYTE":
        return HeaderValue.of(v.getByte());
      case "SHORT":
        return HeaderValue.of(v.getShort());
      case "INTEGER":
        return HeaderValue.of(v.getInteger());
      case "LONG":
        return HeaderValue.of(v.getLong());
      case "BYTE_ARRAY":
        return HeaderValue.of(v.getByteArray());
      case "STRING":
        return HeaderValue.of(v.getString());
      case "TIMESTAMP":
        return new HeaderValue.TimestampValue(v.getTimestamp().toEpochMilli());
      case "UUID":
        return HeaderValue.of(v.getUuid());
      default:
        throw new AssertionError("AWS header type " + type);
    }
  }
}
