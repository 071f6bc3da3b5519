package dev.eventstreamer.common.resume.impl;

import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.BAD_JSON;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.MISSING_FIELD;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.NEGATIVE_FIELD;

import dev.eventstreamer.common.resume.ResumePosition;
import dev.eventstreamer.common.resume.ResumeTokenException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON of a token's position, written and read by hand: five known fields do not need Jackson,
 * and a strict reader of our own output is easier to make fuzz-proof than a general one.
 */
public final class PositionJson {

  /** Field names, snake_case as the API's JSON. */
  public static final String KEY_ID = "key_id";

  public static final String SUBSCRIPTION_ID = "subscription_id";
  public static final String SEQUENCE = "sequence";
  public static final String BLOCK_NUMBER = "block_number";
  public static final String LOG_INDEX = "log_index";

  /** Longest key id; ids are restricted to {@code [A-Za-z0-9._-]} so they need no escaping. */
  public static final int MAX_KEY_ID_LENGTH = 64;

  /** Upper bound of {@link #write}'s output. */
  public static final int MAX_LENGTH = 256;

  private static final byte[] F_KEY_ID = field("{", KEY_ID, "\"");
  private static final byte[] F_SUBSCRIPTION_ID = field("\",", SUBSCRIPTION_ID, "");
  private static final byte[] F_SEQUENCE = field(",", SEQUENCE, "");
  private static final byte[] F_BLOCK_NUMBER = field(",", BLOCK_NUMBER, "");
  private static final byte[] F_LOG_INDEX = field(",", LOG_INDEX, "");

  private static final String[] FIELD_NAMES = {
    KEY_ID, SUBSCRIPTION_ID, SEQUENCE, BLOCK_NUMBER, LOG_INDEX
  };
  private static final byte[][] NAMES = new byte[FIELD_NAMES.length][];
  private static final int KEY_ID_SLOT = 0;

  static {
    for (int i = 0; i < FIELD_NAMES.length; i++) {
      NAMES[i] = FIELD_NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private PositionJson() {}

  /** Parsed content of a token. */
  public record Parsed(String keyId, ResumePosition position) {}

  /** Whether a key id may be used: 1 to 64 of {@code [A-Za-z0-9._-]}. */
  public static boolean isValidKeyId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_KEY_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (!isKeyIdChar(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKeyIdChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.';
  }

  /** Writes the JSON into dst (at least {@link #MAX_LENGTH} long); returns its length. */
  public static int write(byte[] keyIdAscii, ResumePosition p, byte[] dst) {
    int at = put(F_KEY_ID, dst, 0);
    at = put(keyIdAscii, dst, at);
    at = put(F_SUBSCRIPTION_ID, dst, at);
    at = putLong(p.subscriptionId(), dst, at);
    at = put(F_SEQUENCE, dst, at);
    at = putLong(p.sequence(), dst, at);
    at = put(F_BLOCK_NUMBER, dst, at);
    at = putLong(p.blockNumber(), dst, at);
    at = put(F_LOG_INDEX, dst, at);
    at = putLong(p.logIndex(), dst, at);
    dst[at++] = '}';
    return at;
  }

  private static byte[] field(String before, String name, String after) {
    return (before + '"' + name + "\":" + after).getBytes(StandardCharsets.US_ASCII);
  }

  private static int put(byte[] src, byte[] dst, int at) {
    System.arraycopy(src, 0, dst, at, src.length);
    return at + src.length;
  }

  private static int putLong(long v, byte[] dst, int at) {
    if (v == 0) {
      dst[at] = '0';
      return at + 1;
    }
    int digits = 0;
    for (long t = v; t > 0; t /= 10) {
      digits++;
    }
    int end = at + digits;
    for (int i = end - 1; i >= at; i--) {
      dst[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return end;
  }

  /** Reads what {@link #write} wrote, allowing whitespace and any field order. */
  public static Parsed parse(byte[] json, int length) throws ResumeTokenException {
    return new Reader(json, length).object();
  }

  // One pass over the bytes; every path either advances or fails, so it cannot loop.
  private static final class Reader {
    private final byte[] b;
    private final int end;
    private int p;
    private String keyId;
    private final long[] numbers = {-1, -1, -1, -1};
    private boolean keyIdSeen;
    private final boolean[] seen = new boolean[4];

    Reader(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    Parsed object() throws ResumeTokenException {
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        p++;
      } else {
        while (true) {
          skipSpace();
          int slot = fieldName();
          skipSpace();
          expect(':');
          skipSpace();
          value(slot);
          skipSpace();
          int c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw bad("expected ',' or '}' at " + (p - 1));
          }
        }
      }
      skipSpace();
      if (p != end) {
        throw bad("content after the object at " + p);
      }
      if (keyId == null) {
        throw missing(KEY_ID);
      }
      String[] names = {SUBSCRIPTION_ID, SEQUENCE, BLOCK_NUMBER, LOG_INDEX};
      for (int i = 0; i < 4; i++) {
        if (numbers[i] < 0) {
          throw missing(names[i]);
        }
      }
      return new Parsed(keyId, new ResumePosition(numbers[0], numbers[1], numbers[2], numbers[3]));
    }

    // Field names are matched as bytes: no String per field on the hot path.
    private int fieldName() throws ResumeTokenException {
      expect('"');
      int start = p;
      while (p < end && b[p] != '"') {
        int c = b[p];
        if (c == '\\' || c < 0x20 || c >= 0x7F) {
          // Our field names are plain ASCII: an escape or control byte means not ours.
          throw bad("unexpected character in a field name at " + p);
        }
        p++;
      }
      if (p >= end) {
        throw bad("unterminated field name");
      }
      int length = p - start;
      p++;
      for (int slot = 0; slot < NAMES.length; slot++) {
        byte[] name = NAMES[slot];
        if (Arrays.equals(b, start, start + length, name, 0, name.length)) {
          return slot;
        }
      }
      throw bad(
          "unknown field \"" + new String(b, start, length, StandardCharsets.US_ASCII) + "\"");
    }

    private void value(int slot) throws ResumeTokenException {
      String name = FIELD_NAMES[slot];
      if (slot == KEY_ID_SLOT) {
        if (keyIdSeen) {
          throw bad("field " + KEY_ID + " appears twice");
        }
        keyIdSeen = true;
        if (isNull()) {
          throw missing(KEY_ID);
        }
        keyId = keyIdValue();
        return;
      }
      int index = slot - 1;
      if (seen[index]) {
        throw bad("field " + name + " appears twice");
      }
      seen[index] = true;
      if (isNull()) {
        throw missing(name);
      }
      numbers[index] = number(name);
    }

    private boolean isNull() {
      if (end - p >= 4 && b[p] == 'n' && b[p + 1] == 'u' && b[p + 2] == 'l' && b[p + 3] == 'l') {
        p += 4;
        return true;
      }
      return false;
    }

    private String keyIdValue() throws ResumeTokenException {
      if (peek() != '"') {
        throw bad("field " + KEY_ID + " is not a string");
      }
      p++;
      int start = p;
      while (p < end && b[p] != '"') {
        if (!isKeyIdChar(b[p])) {
          throw bad("unexpected character in " + KEY_ID + " at " + p);
        }
        p++;
      }
      if (p >= end) {
        throw bad("unterminated " + KEY_ID);
      }
      int length = p - start;
      p++;
      if (length == 0 || length > MAX_KEY_ID_LENGTH) {
        throw bad(KEY_ID + " must have 1 to " + MAX_KEY_ID_LENGTH + " characters");
      }
      return new String(b, start, length, StandardCharsets.US_ASCII);
    }

    private long number(String name) throws ResumeTokenException {
      boolean negative = false;
      if (peek() == '-') {
        negative = true;
        p++;
      }
      int start = p;
      long v = 0;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        int d = b[p] - '0';
        if (v > (Long.MAX_VALUE - d) / 10) {
          throw bad("field " + name + " is out of range");
        }
        v = v * 10 + d;
        p++;
      }
      int digits = p - start;
      if (digits == 0) {
        throw bad("field " + name + " is not a number");
      }
      if (digits > 1 && b[start] == '0') {
        throw bad("field " + name + " has a leading zero");
      }
      int c = peek();
      if (c == '.' || c == 'e' || c == 'E') {
        throw bad("field " + name + " is not an integer");
      }
      if (negative) {
        if (v == 0) {
          throw bad("field " + name + " is -0");
        }
        throw new ResumeTokenException(NEGATIVE_FIELD, "field " + name + " is negative");
      }
      return v;
    }

    private void skipSpace() {
      while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) {
        p++;
      }
    }

    private int peek() {
      return p < end ? b[p] : -1;
    }

    private int next() throws ResumeTokenException {
      if (p >= end) {
        throw bad("unexpected end of the position");
      }
      return b[p++];
    }

    private void expect(char c) throws ResumeTokenException {
      if (next() != c) {
        throw bad("expected '" + c + "' at " + (p - 1));
      }
    }

    private static ResumeTokenException bad(String why) {
      return new ResumeTokenException(BAD_JSON, "position is not valid: " + why);
    }

    private static ResumeTokenException missing(String field) {
      return new ResumeTokenException(MISSING_FIELD, "position has no " + field);
    }
  }
}
