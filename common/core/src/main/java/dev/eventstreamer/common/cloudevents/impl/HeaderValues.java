package dev.eventstreamer.common.cloudevents.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of {@code ce-} header values (HTTP binding 1.0, 3.1.3.2): HTTP headers are
 * ASCII, attribute values are Unicode; the SDK leaves this to its caller.
 */
public final class HeaderValues {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HeaderValues() {}

  /** Encodes space, {@code "}, {@code %} and everything outside printable ASCII as UTF-8. */
  public static String encode(String value) {
    if (value.chars().allMatch(HeaderValues::isPlain)) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (isPlain(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /** Decodes {@code %XX} sequences as UTF-8; a malformed sequence stays as it is. */
  public static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    int i = 0;
    while (i < value.length()) {
      int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
      if (value.charAt(i) == '%' && low >= 0) {
        out.write(high << 4 | low);
        i += 3;
      } else {
        int codePoint = value.codePointAt(i);
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(codePoint);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isPlain(int c) {
    return c > 0x20 && c < 0x7F && c != '"' && c != '%';
  }
}
