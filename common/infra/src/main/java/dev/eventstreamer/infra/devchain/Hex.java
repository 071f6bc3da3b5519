package dev.eventstreamer.infra.devchain;

import com.esaulpaugh.headlong.util.FastHex;
import com.fasterxml.jackson.databind.JsonNode;
import com.joemelsha.crypto.hash.Keccak;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Hex and keccak helpers for JSON-RPC quantities, data, topics and event signatures. */
public final class Hex {

  private Hex() {}

  /** A JSON-RPC quantity: 0x-prefixed hex without leading zeros. */
  public static String quantity(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative quantity: " + value);
    }
    return "0x" + Long.toHexString(value);
  }

  /** A JSON-RPC quantity from a non-negative big integer. */
  public static String quantity(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("negative quantity: " + value);
    }
    return "0x" + value.toString(16);
  }

  /** Parses a JSON-RPC quantity such as {@code "0x1a"}. */
  public static long toLong(String quantity) {
    return Long.parseUnsignedLong(strip(quantity), 16);
  }

  /** Parses a JSON-RPC quantity held in a JSON text node. */
  public static long toLong(JsonNode quantity) {
    return toLong(quantity.asText());
  }

  /** Parses a JSON-RPC quantity or 32-byte word as an unsigned big integer. */
  public static BigInteger toBigInteger(String hex) {
    String digits = strip(hex);
    return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
  }

  /** Decodes 0x-prefixed data. */
  public static byte[] decode(String hex) {
    return FastHex.decode(strip(hex));
  }

  /** Encodes bytes as 0x-prefixed lowercase hex. */
  public static String encode(byte[] bytes) {
    return "0x" + FastHex.encodeToString(bytes);
  }

  /** The keccak-256 of the UTF-8 text, as 0x hex: topic0 of a canonical event signature. */
  public static String keccak256(String text) {
    return encode(new Keccak(256).digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** An address left-padded to a 32-byte topic, lowercase, as it appears in log topics. */
  public static String addressTopic(String address) {
    String digits = strip(address).toLowerCase(Locale.ROOT);
    if (digits.length() != 40) {
      throw new IllegalArgumentException("not an address: " + address);
    }
    return "0x" + "0".repeat(24) + digits;
  }

  /** A uint256 as a 32-byte word, as it appears in log data or topics. */
  public static String uint256Word(BigInteger value) {
    String digits = value.toString(16);
    if (value.signum() < 0 || digits.length() > 64) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    return "0x" + "0".repeat(64 - digits.length()) + digits;
  }

  private static String strip(String hex) {
    if (hex.startsWith("0x") || hex.startsWith("0X")) {
      return hex.substring(2);
    }
    throw new IllegalArgumentException("not 0x-prefixed hex: " + hex);
  }
}
