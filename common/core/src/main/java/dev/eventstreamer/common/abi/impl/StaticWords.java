package dev.eventstreamer.common.abi.impl;

/**
 * The fast path for data made only of elementary static values (e.g. Transfer's uint256): reads
 * each 32-byte word straight from the 0x hex string, with the same range checks headlong applies.
 * It only ever answers for data in canonical form (lowercase hex, exact length, every value in
 * range); anything else returns null and goes through headlong, which then gives the precise error.
 * The fuzz test and the golden vectors decode every log both ways and compare.
 */
final class StaticWords {

  private static final byte[] LOWER = new byte[128];

  static {
    java.util.Arrays.fill(LOWER, (byte) -1);
    for (int i = 0; i < 10; i++) {
      LOWER['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      LOWER['a' + i] = (byte) (10 + i);
    }
  }

  private StaticWords() {}

  /** The JSON-ready values, or null when the data must go the general way. */
  static Object[] decode(TypeNode[] types, String hex) {
    if (hex.length() != 2 + 64 * types.length || hex.charAt(0) != '0' || hex.charAt(1) != 'x') {
      return null;
    }
    Object[] out = new Object[types.length];
    long[] w = new long[4];
    for (int k = 0; k < types.length; k++) {
      int at = 2 + 64 * k;
      if (!words(hex, at, w)) {
        return null;
      }
      Object v = value(types[k], hex, at, w);
      if (v == null) {
        return null;
      }
      out[k] = v;
    }
    return out;
  }

  private static boolean words(String hex, int at, long[] w) {
    for (int j = 0; j < 4; j++) {
      long v = 0;
      int bad = 0;
      for (int i = at + 16 * j, end = i + 16; i < end; i++) {
        char c = hex.charAt(i);
        int d = c < 128 ? LOWER[c] : -1;
        bad |= d;
        v = (v << 4) | (d & 0xf);
      }
      if (bad < 0) {
        return false;
      }
      w[j] = v;
    }
    return true;
  }

  private static int leadingZeros(long[] w) {
    for (int j = 0; j < 4; j++) {
      if (w[j] != 0) {
        return 64 * j + Long.numberOfLeadingZeros(w[j]);
      }
    }
    return 256;
  }

  private static int leadingOnes(long[] w) {
    for (int j = 0; j < 4; j++) {
      if (w[j] != -1L) {
        return 64 * j + Long.numberOfLeadingZeros(~w[j]);
      }
    }
    return 256;
  }

  private static Object value(TypeNode t, String hex, int at, long[] w) {
    switch (t.kind) {
      case UINT:
        if (leadingZeros(w) < 256 - t.size) {
          return null;
        }
        return t.size <= Values.MAX_NUMBER_BITS
            ? (Object) w[3]
            : Decimal.of(w[0], w[1], w[2], w[3], false);
      case INT:
        {
          int sign = w[0] < 0 ? leadingOnes(w) : leadingZeros(w);
          if (sign < 256 - t.size + 1) {
            return null;
          }
          return t.size <= Values.MAX_NUMBER_BITS
              ? (Object) w[3]
              : Decimal.of(w[0], w[1], w[2], w[3], true);
        }
      case BOOL:
        if ((w[0] | w[1] | w[2]) != 0 || (w[3] != 0 && w[3] != 1)) {
          return null;
        }
        return w[3] == 1;
      case ADDRESS:
        if (leadingZeros(w) < 96) {
          return null;
        }
        return Checksums.ofLowerHex("0x" + hex.substring(at + 24, at + 64));
      case FIXED_BYTES:
        {
          // The value is left-aligned; the rest of the word must be zero.
          for (int i = at + 2 * t.size; i < at + 64; i++) {
            if (hex.charAt(i) != '0') {
              return null;
            }
          }
          return "0x" + hex.substring(at, at + 2 * t.size);
        }
      default:
        return null;
    }
  }

  /** Whether every type is one this fast path reads. */
  static boolean handles(TypeNode[] types) {
    for (TypeNode t : types) {
      switch (t.kind) {
        case UINT, INT, BOOL, ADDRESS, FIXED_BYTES -> {}
        default -> {
          return false;
        }
      }
    }
    return true;
  }
}
