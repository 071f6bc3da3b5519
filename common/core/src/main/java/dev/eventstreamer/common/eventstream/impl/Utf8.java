package dev.eventstreamer.common.eventstream.impl;

import java.nio.charset.StandardCharsets;

/** Strict UTF-8 for header names and values: no replacement characters in either direction. */
public final class Utf8 {

  private Utf8() {}

  /**
   * UTF-8 length of {@code s}, or -1 when it holds an unpaired surrogate (which {@link
   * String#getBytes} would silently turn into {@code ?}).
   */
  public static int encodedLength(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return -1;
        }
        // Two chars, four bytes.
        bytes += 2;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return -1;
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }

  /** Writes {@code s} (already checked by {@link #encodedLength}) and returns the new offset. */
  public static int encode(String s, byte[] dst, int off) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        dst[off++] = (byte) c;
      } else if (c < 0x800) {
        dst[off++] = (byte) (0xC0 | (c >> 6));
        dst[off++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        dst[off++] = (byte) (0xF0 | (cp >> 18));
        dst[off++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        dst[off++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        dst[off++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        dst[off++] = (byte) (0xE0 | (c >> 12));
        dst[off++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        dst[off++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return off;
  }

  /**
   * The string of {@code len} bytes at {@code off}, or null when they are not well-formed UTF-8.
   */
  public static String decode(byte[] src, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && src[i] >= 0) {
      i++;
    }
    if (i == end) {
      // Pure ASCII: Latin-1 decoding is the cheapest exact conversion.
      return new String(src, off, len, StandardCharsets.ISO_8859_1);
    }
    if (!isWellFormed(src, i, end)) {
      return null;
    }
    return new String(src, off, len, StandardCharsets.UTF_8);
  }

  // Unicode 3.9 table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF.
  private static boolean isWellFormed(byte[] b, int i, int end) {
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
      } else if (c >= 0xC2 && c <= 0xDF) {
        if (i + 1 >= end || !cont(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        if (i + 2 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int lo = c == 0xE0 ? 0xA0 : 0x80;
        int hi = c == 0xED ? 0x9F : 0xBF;
        if (c1 < lo || c1 > hi || !cont(b[i + 2])) {
          return false;
        }
        i += 3;
      } else if (c >= 0xF0 && c <= 0xF4) {
        if (i + 3 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int lo = c == 0xF0 ? 0x90 : 0x80;
        int hi = c == 0xF4 ? 0x8F : 0xBF;
        if (c1 < lo || c1 > hi || !cont(b[i + 2]) || !cont(b[i + 3])) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean cont(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
