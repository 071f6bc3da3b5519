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
    // 78 digits for 2^256, a sign, and room for the last group's zero padding.
    char[] out = new char[90];
    int pos = out.length;
    int first = 0;
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
        out[--pos] = (char) ('0' + rem % 10);
        rem /= 10;
        if (rem == 0 && first == n) {
          break;
        }
      }
    }
    if (negative) {
      out[--pos] = '-';
    }
    return new String(out, pos, out.length - pos);
  }
}
