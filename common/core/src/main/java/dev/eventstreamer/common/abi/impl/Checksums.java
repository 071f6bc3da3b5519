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

  /** Value of a lowercase hex digit, -1 for any other ASCII char. */
  private static final byte[] LOWER_HEX = new byte[128];

  static {
    java.util.Arrays.fill(LOWER_HEX, (byte) -1);
    for (int i = 0; i < 10; i++) {
      LOWER_HEX['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      LOWER_HEX['a' + i] = (byte) (10 + i);
    }
  }

  private Checksums() {}

  /** The checksummed form of a decoded address. */
  public static String of(Address address) {
    BigInteger v = address.value();
    int slot = slot(v.hashCode());
    String hit = lookup(slot, v);
    return hit != null ? hit : store(slot, v, Address.toChecksumAddress(v));
  }

  /** The checksummed form of a checked 0x + 40 lowercase hex digits address. */
  public static String ofLowerHex(String lowerHex) {
    int slot = slot(lowerHex.hashCode());
    String hit = lookup(slot, lowerHex);
    return hit != null ? hit : store(slot, lowerHex, Address.toChecksumAddress(lowerHex));
  }

  /**
   * The checksummed address in an indexed address topic given as 0x hex, when the topic is in the
   * canonical form nodes send (lowercase, 24 zero digits, 40 hex digits); else null, and the caller
   * decodes the topic through headlong, which gives the precise error if there is one.
   */
  public static String ofTopic(String topic) {
    if (topic.length() != 66 || topic.charAt(0) != '0' || topic.charAt(1) != 'x') {
      return null;
    }
    // No early exits: the checks are ANDed (24 '0's, then 40 lowercase hex digits), so the loops
    // have no branch to mispredict, and the hash is the address's last 32 bits rather than a
    // multiply chain over all 66 chars (topics arrive as new strings, their hash not cached).
    int zeros = 1;
    for (int i = 2; i < 26; i++) {
      zeros &= topic.charAt(i) == '0' ? 1 : 0;
    }
    int ok = zeros;
    int h = 0;
    for (int i = 26; i < 66; i++) {
      char c = topic.charAt(i);
      int d = c < 128 ? LOWER_HEX[c] : -1;
      ok &= ~(d >>> 31);
      // The last eight digits are 32 bits of a keccak-derived address: hash enough for a cache.
      h = (h << 4) | (d & 0xf);
    }
    if (ok == 0) {
      return null;
    }
    int slot = slot(h);
    String hit = lookup(slot, topic);
    return hit != null
        ? hit
        : store(slot, topic, Address.toChecksumAddress("0x" + topic.substring(26)));
  }

  // Two-way: a key lives in its slot or the slot's neighbour, so two hot addresses that hash to
  // one slot do not evict each other on every log.
  private static String lookup(int slot, Object key) {
    Entry e = TABLE[slot];
    if (e != null && key.equals(e.key)) {
      return e.value;
    }
    e = TABLE[slot ^ 1];
    return e != null && key.equals(e.key) ? e.value : null;
  }

  private static String store(int slot, Object key, String value) {
    // The newest entry takes the first way; the one it displaces moves to the second.
    Entry old = TABLE[slot];
    if (old != null) {
      TABLE[slot ^ 1] = old;
    }
    TABLE[slot] = new Entry(key, value);
    return value;
  }

  private static int slot(int h) {
    return (h ^ (h >>> 16)) & MASK;
  }
}
