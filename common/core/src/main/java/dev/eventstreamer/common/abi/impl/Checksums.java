package dev.eventstreamer.common.abi.impl;

import com.esaulpaugh.headlong.abi.Address;
import java.math.BigInteger;

/**
 * EIP-55 checksummed addresses through a bounded cache: the checksum costs a keccak, and the same
 * few addresses (tokens, pools, hot wallets) come back in log after log.
 */
public final class Checksums {

  private static final int SIZE = 1 << 13;
  private static final int MASK = SIZE - 1;

  // Direct-mapped and racy on purpose: entries are immutable (final fields publish safely), a
  // lost update only costs a recomputation, and no lock sits on the decoding path.
  private static final Entry[] TABLE = new Entry[SIZE];

  private static final class Entry {
    final Object key;
    final String value;

    Entry(Object key, String value) {
      this.key = key;
      this.value = value;
    }
  }

  private Checksums() {}

  /** The checksummed form of a decoded address. */
  public static String of(Address address) {
    BigInteger v = address.value();
    int slot = slot(v.hashCode());
    Entry e = TABLE[slot];
    if (e != null && v.equals(e.key)) {
      return e.value;
    }
    String s = Address.toChecksumAddress(v);
    TABLE[slot] = new Entry(v, s);
    return s;
  }

  /** The checksummed form of a checked 0x + 40 lowercase hex digits address. */
  public static String ofLowerHex(String lowerHex) {
    int slot = slot(lowerHex.hashCode());
    Entry e = TABLE[slot];
    if (e != null && lowerHex.equals(e.key)) {
      return e.value;
    }
    String s = Address.toChecksumAddress(lowerHex);
    TABLE[slot] = new Entry(lowerHex, s);
    return s;
  }

  private static int slot(int h) {
    return (h ^ (h >>> 16)) & MASK;
  }
}
