package dev.eventstreamer.common.eventstream.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private record Entry(byte[] bytes, String string) {}

  private StringCache() {}

  // A plain loop rather than Arrays.equals: for these short keys its range checks and the call into
  // ArraysSupport.mismatch (left out of line by the JIT, a quarter of decode time in a profile)
  // cost more than the compare itself.
  private static boolean same(byte[] cached, byte[] src, int off, int len) {
    if (cached.length != len) {
      return false;
    }
    if (len < 8) {
      int diff = 0;
      for (int i = 0; i < len; i++) {
        diff |= cached[i] ^ src[off + i];
      }
      return diff == 0;
    }
    // Eight bytes at a time; the last read overlaps the previous one instead of a byte tail.
    long diff = 0;
    int last = len - 8;
    for (int i = 0; i < last; i += 8) {
      diff |= (long) LONGS.get(cached, i) ^ (long) LONGS.get(src, off + i);
    }
    diff |= (long) LONGS.get(cached, last) ^ (long) LONGS.get(src, off + last);
    return diff == 0;
  }

  /** The string of these UTF-8 bytes, or null when they are not well-formed UTF-8. */
  public static String decode(byte[] src, int off, int len) {
    if (len > MAX_CACHED_LENGTH) {
      return Utf8.decode(src, off, len);
    }
    if (len == 0) {
      return "";
    }
    // A few sampled bytes make a good enough key for a cache: a collision costs a miss, not a
    // wrong answer, as every hit is compared in full.
    int h =
        len * 0x9E3779B1
            + src[off] * 31
            + src[off + (len >> 1)] * 961
            + src[off + len - 1] * 29791
            + src[off + (len >> 2)] * 923521;
    int slot = (h ^ (h >>> 16)) & (SIZE - 1);
    Entry e = ENTRIES[slot];
    if (e != null && same(e.bytes, src, off, len)) {
      return e.string;
    }
    // Two-way: the neighbouring slot, so two hot strings that collide do not evict each other.
    int other = slot ^ 1;
    Entry f = ENTRIES[other];
    if (f != null && same(f.bytes, src, off, len)) {
      return f.string;
    }
    String s = Utf8.decode(src, off, len);
    if (s != null) {
      ENTRIES[e == null || f != null ? slot : other] =
          new Entry(Arrays.copyOfRange(src, off, off + len), s);
    }
    return s;
  }
}
