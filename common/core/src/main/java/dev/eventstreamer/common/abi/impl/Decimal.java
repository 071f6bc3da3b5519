package dev.eventstreamer.common.abi.impl;

import java.math.BigInteger;

/**
 * Decimal strings of up to 256-bit integers, several times faster than {@link
 * BigInteger#toString()} for the 64 to 256-bit values token amounts are: base 10^9 digits by long
 * division of 32-bit limbs, no intermediate BigIntegers.
 */
final class Decimal {

  private static final long BILLION = 1_000_000_000L;

  private Decimal() {}

  static String of(BigInteger v) {
    int bits = v.bitLength();
    if (bits < 64) {
      return Long.toString(v.longValue());
    }
    boolean negative = v.signum() < 0;
    // Two's complement bytes; for negatives, take the magnitude.
    byte[] bytes = (negative ? v.negate() : v).toByteArray();
    int n = (bytes.length + 3) / 4;
    int[] limbs = new int[n]; // most significant first
    for (int i = bytes.length - 1, k = n - 1, shift = 0; i >= 0; i--) {
      limbs[k] |= (bytes[i] & 0xff) << shift;
      shift += 8;
      if (shift == 32) {
        shift = 0;
        k--;
      }
    }
    return of(limbs, negative);
  }

  /** A 256-bit word given as four longs, most significant first, read as signed or not. */
  static String of(long w0, long w1, long w2, long w3, boolean signed) {
    boolean negative = signed && w0 < 0;
    if (negative) {
      // Two's complement negation of the 256-bit value.
      w0 = ~w0;
      w1 = ~w1;
      w2 = ~w2;
      w3 = ~w3 + 1;
      if (w3 == 0) {
        w2++;
        if (w2 == 0) {
          w1++;
          if (w1 == 0) {
            w0++;
          }
        }
      }
    }
    if ((w0 | w1 | w2) == 0 && w3 >= 0) {
      return negative ? "-" + w3 : Long.toString(w3);
    }
    int[] limbs = {
      (int) (w0 >>> 32), (int) w0, (int) (w1 >>> 32), (int) w1,
      (int) (w2 >>> 32), (int) w2, (int) (w3 >>> 32), (int) w3
    };
    return of(limbs, negative);
  }

  private static String of(int[] limbs, boolean negative) {
    int n = limbs.length;
    int first = 0;
    while (first < n && limbs[first] == 0) {
      first++;
    }
    // 78 digits for 2^256, a sign, and room for the last group's zero padding.
    byte[] out = new byte[90];
    int pos = out.length;
    while (first < n) {
      long rem = 0;
      for (int i = first; i < n; i++) {
        long cur = (rem << 32) | (limbs[i] & 0xffffffffL);
        long q = cur / BILLION;
        limbs[i] = (int) q;
        rem = cur - q * BILLION;
      }
      while (first < n && limbs[first] == 0) {
        first++;
      }
      // Nine digits per group, zero-padded unless it is the leading group.
      for (int d = 0; d < 9; d++) {
        out[--pos] = (byte) ('0' + rem % 10);
        rem /= 10;
        if (rem == 0 && first == n) {
          break;
        }
      }
    }
    if (negative) {
      out[--pos] = '-';
    }
    // ASCII digits: a Latin-1 string takes the bytes as they are.
    return new String(out, pos, out.length - pos, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
