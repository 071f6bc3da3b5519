package dev.eventstreamer.common.eventstream.impl;

import java.util.Arrays;

/**
 * Recently decoded short strings by their bytes: a stream repeats the same header names and most of
 * the same values in every message, so decoding them again is mostly allocation.
 */
public final class StringCache {

  /** Longer strings are decoded every time: they are rarely repeated and costly to compare. */
  public static final int MAX_CACHED_LENGTH = 64;

  private static final int SIZE = 512;

  // Immutable entries in a plain array: a racy read sees either a complete entry (final fields)
  // or another one, and every hit is checked byte for byte, so no locking is needed.
  private static final Entry[] ENTRIES = new Entry[SIZE];

  private record Entry(byte[] bytes, String string) {}

  private StringCache() {}

  /** The string of these UTF-8 bytes, or null when they are not well-formed UTF-8. */
  public static String decode(byte[] src, int off, int len) {
    if (len > MAX_CACHED_LENGTH) {
      return Utf8.decode(src, off, len);
    }
    int h = len;
    for (int i = off, end = off + len; i < end; i++) {
      h = 31 * h + src[i];
    }
    int slot = (h ^ (h >>> 15)) & (SIZE - 1);
    Entry e = ENTRIES[slot];
    if (e != null && Arrays.equals(e.bytes, 0, e.bytes.length, src, off, off + len)) {
      return e.string;
    }
    String s = Utf8.decode(src, off, len);
    if (s != null) {
      ENTRIES[slot] = new Entry(Arrays.copyOfRange(src, off, off + len), s);
    }
    return s;
  }
}
