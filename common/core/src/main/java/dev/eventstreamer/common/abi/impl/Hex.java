package dev.eventstreamer.common.abi.impl;

import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.abi.AbiException.Kind;
import java.nio.charset.StandardCharsets;

/** 0x hex to bytes and back, with errors that say where; lowercase out, any case in. */
public final class Hex {

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALUES = new byte[256];

  // Character classes of ASCII for normalizeFixed: digits and a-f are LOWER, A-F are UPPER|LOWER
  // (valid, but need lowercasing), anything else 0.
  private static final int LOWER = 1;
  private static final int UPPER = 2;
  private static final byte[] CLASSES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < 10; i++) {
      VALUES['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      VALUES['a' + i] = (byte) (10 + i);
      VALUES['A' + i] = (byte) (10 + i);
      CLASSES['a' + i] = LOWER;
      CLASSES['A' + i] = LOWER | UPPER;
    }
    for (int i = 0; i < 10; i++) {
      CLASSES['0' + i] = LOWER;
    }
  }

  private Hex() {}

  /** 0x and two lowercase hex digits per byte. */
  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  public static String encode(byte[] bytes, int offset, int len) {
    byte[] out = new byte[2 + 2 * len];
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0, j = 2; i < len; i++) {
      int b = bytes[offset + i] & 0xff;
      out[j++] = DIGITS[b >>> 4];
      out[j++] = DIGITS[b & 0xf];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Decodes 0x-prefixed hex of any length (even digit count). */
  public static byte[] decode(String hex, String path) throws AbiException {
    if (hex == null) {
      throw new AbiException(Kind.INVALID_LOG, path, "missing");
    }
    int len = hex.length();
    if (len < 2 || hex.charAt(0) != '0' || (hex.charAt(1) != 'x' && hex.charAt(1) != 'X')) {
      throw new AbiException(Kind.MALFORMED_HEX, path, "hex must start with 0x");
    }
    if ((len & 1) != 0) {
      throw new AbiException(
          Kind.MALFORMED_HEX, path, "odd number of hex digits (" + (len - 2) + ")");
    }
    // A byte copy of a Latin-1 string is one intrinsic copy; the loop then runs without charAt's
    // per-character checks. Characters beyond Latin-1 become '?', which is not a digit.
    byte[] src = hex.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[(len - 2) >>> 1];
    for (int i = 2, j = 0; i < len; i += 2, j++) {
      int hi = VALUES[src[i] & 0xff];
      int lo = VALUES[src[i + 1] & 0xff];
      if ((hi | lo) < 0) {
        throw badDigit(hex, hi < 0 ? i : i + 1, path);
      }
      out[j] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Decodes 0x hex of exactly {@code size} bytes. */
  public static byte[] decodeFixed(String hex, int size, String path, Kind wrongLength)
      throws AbiException {
    byte[] b = decode(hex, path);
    if (b.length != size) {
      throw new AbiException(wrongLength, path, "expected " + size + " bytes but got " + b.length);
    }
    return b;
  }

  /** Checks 0x hex of exactly {@code size} bytes and returns it in lowercase. */
  public static String normalizeFixed(String hex, int size, String path) throws AbiException {
    int len = hex.length();
    if (len != 2 + 2 * size || hex.charAt(0) != '0' || hex.charAt(1) != 'x') {
      // Decode for the precise reason (bad prefix, odd length, bad digit or wrong size).
      return encode(decodeFixed(hex, size, path, Kind.INVALID_LOG));
    }
    // Branch-free scan: AND of the classes is LOWER only if every char is a digit or a-f, OR of
    // them has UPPER if some char is A-F; a bad char is class 0 and clears the AND.
    int all = LOWER | UPPER;
    int any = 0;
    for (int i = 2; i < len; i++) {
      char c = hex.charAt(i);
      int k = c < 128 ? CLASSES[c] : 0;
      all &= k;
      any |= k;
    }
    if ((all & LOWER) == 0) {
      // Some char is neither a lowercase digit nor A-F: find which for the message.
      for (int i = 2; i < len; i++) {
        char c = hex.charAt(i);
        if (c > 0xff || VALUES[c] < 0) {
          throw badDigit(hex, i, path);
        }
      }
    }
    return (any & UPPER) == 0 ? hex : hex.toLowerCase(java.util.Locale.ROOT);
  }

  /** A JSON-RPC quantity such as 0x1b4 (no leading zeros required), at most 2^63-1. */
  public static long quantity(String hex, String path) throws AbiException {
    int len = hex.length();
    if (len < 3 || hex.charAt(0) != '0' || (hex.charAt(1) != 'x' && hex.charAt(1) != 'X')) {
      throw new AbiException(
          Kind.MALFORMED_HEX, path, "quantity must be 0x followed by hex digits");
    }
    if (len - 2 > 16) {
      throw new AbiException(Kind.INVALID_LOG, path, "quantity too large: " + hex);
    }
    long v = 0;
    for (int i = 2; i < len; i++) {
      v = (v << 4) | digit(hex, i, path);
    }
    if (v < 0) {
      throw new AbiException(Kind.INVALID_LOG, path, "quantity too large: " + hex);
    }
    return v;
  }

  private static int digit(String hex, int i, String path) throws AbiException {
    char c = hex.charAt(i);
    int v = c < 256 ? VALUES[c] : -1;
    if (v < 0) {
      throw badDigit(hex, i, path);
    }
    return v;
  }

  private static AbiException badDigit(String hex, int i, String path) {
    char c = hex.charAt(i);
    return new AbiException(
        Kind.MALFORMED_HEX,
        path,
        "not a hex digit at index " + i + ": '" + (Character.isISOControl(c) ? "?" : c) + "'");
  }
}
