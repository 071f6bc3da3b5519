package dev.eventstreamer.common.abi.impl;

import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.abi.AbiException.Kind;

/**
 * Walks the offsets and lengths of encoded data before headlong decodes it, so a hostile log fails
 * with a precise reason instead of an allocation of gigabytes: offsets must land inside the data,
 * lengths must fit in it, and the values it expands to are bounded by its size.
 *
 * <p>headlong follows offsets leniently, so many offsets may point at one array; without a bound, a
 * few kilobytes could expand into billions of values. Canonical encodings spend at least one
 * 32-byte word per value; the budget allows twice that.
 */
final class LayoutGuard {

  // headlong reads offsets as uint30 and array lengths as uint21.
  private static final long MAX_OFFSET = (1L << 30) - 1;
  private static final long MAX_LENGTH = (1L << 21) - 1;

  private final byte[] data;
  private long budget;

  private LayoutGuard(byte[] data) {
    this.data = data;
    this.budget = 2L * (data.length / TypeNode.WORD) + 64;
  }

  /** Checks data holding the tuple of the non-indexed inputs. */
  static void check(TypeNode tuple, byte[] data) throws AbiException {
    long head = tuple.tupleHeadSize();
    if (data.length < head) {
      throw new AbiException(
          Kind.DATA_TOO_SHORT,
          "data",
          "data has " + data.length + " bytes, the event's values need at least " + head);
    }
    if (!tuple.dynamic) {
      if (data.length > head) {
        throw new AbiException(
            Kind.TRAILING_DATA,
            "data",
            "data has " + data.length + " bytes, the event's values take " + head);
      }
      return;
    }
    new LayoutGuard(data).tuple(tuple, 0, Path.DATA);
  }

  private void tuple(TypeNode t, int start, Path path) throws AbiException {
    long head = t.tupleHeadSize();
    if (start + head > data.length) {
      throw new AbiException(
          Kind.DATA_TOO_SHORT,
          path.toString(),
          "tuple at byte " + start + " needs " + head + " bytes, data has " + data.length);
    }
    int at = start;
    for (int i = 0; i < t.components.length; i++) {
      TypeNode c = t.components[i];
      if (c.dynamic) {
        Path p = path.field(t.names[i]);
        int target = offset(start, at, p);
        value(c, target, p);
      } else {
        spend(c.headSize / TypeNode.WORD, path);
      }
      at += (int) c.headSize;
    }
  }

  private void value(TypeNode t, int pos, Path path) throws AbiException {
    switch (t.kind) {
      case BYTES, STRING -> {
        long len = length(pos, path);
        long padded = (len + 31) & ~31L;
        if (padded > data.length - pos - TypeNode.WORD) {
          throw new AbiException(
              Kind.LENGTH_OUT_OF_RANGE,
              path.toString(),
              "length "
                  + len
                  + " at byte "
                  + pos
                  + " runs past the end of data ("
                  + data.length
                  + " bytes)");
        }
        spend(1 + padded / TypeNode.WORD, path);
      }
      case TUPLE -> {
        spend(1, path);
        tuple(t, pos, path);
      }
      case ARRAY -> array(t, pos, path);
      default ->
          throw new IllegalStateException("static type in a dynamic position: " + t.canonical);
    }
  }

  private void array(TypeNode t, int pos, Path path) throws AbiException {
    long n;
    int base;
    if (t.length < 0) {
      n = length(pos, path);
      base = pos + TypeNode.WORD;
    } else {
      n = t.length;
      base = pos;
    }
    spend(1, path);
    TypeNode e = t.element;
    long available = data.length - (long) base;
    if (!e.dynamic) {
      if (n * e.headSize > available) {
        throw new AbiException(
            t.length < 0 ? Kind.LENGTH_OUT_OF_RANGE : Kind.DATA_TOO_SHORT,
            path.toString(),
            n
                + " elements of "
                + e.canonical
                + " at byte "
                + base
                + " need "
                + n * e.headSize
                + " bytes, data has "
                + available
                + " left");
      }
      spend(n * (e.headSize / TypeNode.WORD), path);
      return;
    }
    if (n * TypeNode.WORD > available) {
      throw new AbiException(
          t.length < 0 ? Kind.LENGTH_OUT_OF_RANGE : Kind.DATA_TOO_SHORT,
          path.toString(),
          n
              + " element offsets at byte "
              + base
              + " need "
              + n * TypeNode.WORD
              + " bytes, data has "
              + available
              + " left");
    }
    for (int i = 0; i < n; i++) {
      Path p = path.index(i);
      int target = offset(base, base + i * TypeNode.WORD, p);
      value(e, target, p);
    }
  }

  /** Reads the offset stored at {@code at}, relative to {@code base}; the word is in range. */
  private int offset(int base, int at, Path path) throws AbiException {
    long v = word(at, MAX_OFFSET);
    if (v < 0) {
      throw new AbiException(
          Kind.OFFSET_OUT_OF_RANGE,
          path.toString(),
          "offset at byte " + at + " is far beyond the data");
    }
    long target = base + v;
    if (target + TypeNode.WORD > data.length) {
      throw new AbiException(
          Kind.OFFSET_OUT_OF_RANGE,
          path.toString(),
          "offset "
              + v
              + " at byte "
              + at
              + " points past the end of data ("
              + data.length
              + " bytes)");
    }
    return (int) target;
  }

  /** Reads a length word at {@code pos}, which the caller made sure is inside the data. */
  private long length(int pos, Path path) throws AbiException {
    if (pos + TypeNode.WORD > data.length) {
      throw new AbiException(Kind.DATA_TOO_SHORT, path.toString(), "no length word at byte " + pos);
    }
    long v = word(pos, MAX_LENGTH);
    if (v < 0) {
      throw new AbiException(
          Kind.LENGTH_OUT_OF_RANGE,
          path.toString(),
          "length at byte " + pos + " exceeds " + MAX_LENGTH);
    }
    return v;
  }

  /** The big-endian word at {@code at} if it is at most {@code max}, else -1. */
  private long word(int at, long max) {
    for (int i = at; i < at + 24; i++) {
      if (data[i] != 0) {
        return -1;
      }
    }
    long v = 0;
    for (int i = at + 24; i < at + 32; i++) {
      v = (v << 8) | (data[i] & 0xff);
    }
    return v < 0 || v > max ? -1 : v;
  }

  private void spend(long units, Path path) throws AbiException {
    budget -= units;
    if (budget < 0) {
      throw new AbiException(
          Kind.TOO_LARGE,
          path.toString(),
          "data of "
              + data.length
              + " bytes expands into far more values than it can hold"
              + " (offsets point at shared data)");
    }
  }

  /** Where the guard is, built only as far as needed and printed only on error. */
  private static final class Path {
    static final Path DATA = new Path(null, "data", -1);

    final Path parent;
    final String field;
    final int index;

    private Path(Path parent, String field, int index) {
      this.parent = parent;
      this.field = field;
      this.index = index;
    }

    Path field(String name) {
      return new Path(this, name, -1);
    }

    Path index(int i) {
      return new Path(this, null, i);
    }

    @Override
    public String toString() {
      return parent == null ? field : parent + (field != null ? "." + field : "[" + index + "]");
    }
  }
}
