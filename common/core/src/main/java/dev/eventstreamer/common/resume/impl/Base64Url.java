package dev.eventstreamer.common.resume.impl;

/** Unpadded base64url over byte ranges, without the intermediate arrays of java.util.Base64. */
public final class Base64Url {

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = (byte) i;
    }
  }

  private Base64Url() {}

  /** Characters needed for {@code n} bytes. */
  public static int encodedLength(int n) {
    return (n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
  }

  /** Bytes held by {@code chars} characters, or -1 when no unpadded encoding has that length. */
  public static int decodedLength(int chars) {
    return chars % 4 == 1 ? -1 : (chars / 4) * 3 + Math.max(0, chars % 4 - 1);
  }

  /** Whether {@code c} is a base64url character. */
  public static boolean isAlphabet(int c) {
    return c < 128 && VALUES[c] >= 0;
  }

  /**
   * Whether the unused low bits of the last character are zero, as an encoder writes them. Two
   * strings that differ only there decode to the same bytes: accepting both would make tokens
   * malleable.
   */
  public static boolean isCanonical(byte[] src, int off, int len) {
    if (len == 0) {
      return true;
    }
    int last = VALUES[src[off + len - 1]];
    switch (len % 4) {
      case 2:
        return (last & 0x0F) == 0;
      case 3:
        return (last & 0x03) == 0;
      default:
        return true;
    }
  }

  /** Encodes {@code len} bytes of src at {@code off} into dst at {@code at}; returns the end. */
  public static int encode(byte[] src, int off, int len, byte[] dst, int at) {
    int end = off + len;
    int i = off;
    while (end - i >= 3) {
      int v = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
      dst[at] = ALPHABET[v >>> 18];
      dst[at + 1] = ALPHABET[(v >>> 12) & 63];
      dst[at + 2] = ALPHABET[(v >>> 6) & 63];
      dst[at + 3] = ALPHABET[v & 63];
      i += 3;
      at += 4;
    }
    int rest = end - i;
    if (rest == 1) {
      int v = (src[i] & 0xFF) << 16;
      dst[at++] = ALPHABET[v >>> 18];
      dst[at++] = ALPHABET[(v >>> 12) & 63];
    } else if (rest == 2) {
      int v = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8;
      dst[at++] = ALPHABET[v >>> 18];
      dst[at++] = ALPHABET[(v >>> 12) & 63];
      dst[at++] = ALPHABET[(v >>> 6) & 63];
    }
    return at;
  }

  /**
   * Decodes {@code len} characters of src at {@code off} (all checked with {@link #isAlphabet},
   * length checked with {@link #decodedLength}) into dst at 0; returns the byte count.
   */
  public static int decode(byte[] src, int off, int len, byte[] dst) {
    int end = off + len;
    int i = off;
    int o = 0;
    while (end - i >= 4) {
      int v =
          VALUES[src[i]] << 18
              | VALUES[src[i + 1]] << 12
              | VALUES[src[i + 2]] << 6
              | VALUES[src[i + 3]];
      dst[o] = (byte) (v >>> 16);
      dst[o + 1] = (byte) (v >>> 8);
      dst[o + 2] = (byte) v;
      i += 4;
      o += 3;
    }
    int rest = end - i;
    if (rest == 2) {
      int v = VALUES[src[i]] << 18 | VALUES[src[i + 1]] << 12;
      dst[o++] = (byte) (v >>> 16);
    } else if (rest == 3) {
      int v = VALUES[src[i]] << 18 | VALUES[src[i + 1]] << 12 | VALUES[src[i + 2]] << 6;
      dst[o++] = (byte) (v >>> 16);
      dst[o++] = (byte) (v >>> 8);
    }
    return o;
  }
}
