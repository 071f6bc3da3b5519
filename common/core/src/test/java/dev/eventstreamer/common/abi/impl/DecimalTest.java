package dev.eventstreamer.common.abi.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast decimal conversion writes what BigInteger writes, at every width and sign. */
class DecimalTest {

  @Test
  void agreesWithBigIntegerFromZeroTo256Bits() {
    SplittableRandom random = new SplittableRandom(7);
    for (int bits = 0; bits <= 256; bits++) {
      for (int i = 0; i < 200; i++) {
        BigInteger v = new BigInteger(bits, new java.util.Random(random.nextLong()));
        assertEquals(v.toString(), Decimal.of(v));
        assertEquals(v.negate().toString(), Decimal.of(v.negate()));
      }
    }
  }

  @Test
  void wordsOfFourLongsAgreeWithBigIntegerSignedAndNot() {
    SplittableRandom random = new SplittableRandom(11);
    BigInteger two256 = BigInteger.ONE.shiftLeft(256);
    for (int i = 0; i < 20_000; i++) {
      long[] w = new long[4];
      int zeros = random.nextInt(5);
      for (int j = 0; j < 4; j++) {
        w[j] = j < zeros ? (random.nextBoolean() ? 0 : -1L) : random.nextLong();
      }
      BigInteger unsigned = BigInteger.ZERO;
      for (long x : w) {
        unsigned = unsigned.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(x)));
      }
      BigInteger signed = unsigned.testBit(255) ? unsigned.subtract(two256) : unsigned;
      assertEquals(unsigned.toString(), Decimal.of(w[0], w[1], w[2], w[3], false));
      assertEquals(signed.toString(), Decimal.of(w[0], w[1], w[2], w[3], true));
    }
    assertEquals("0", Decimal.of(0, 0, 0, 0, true));
    assertEquals("-1", Decimal.of(-1, -1, -1, -1, true));
    assertEquals(
        BigInteger.ONE.shiftLeft(255).negate().toString(),
        Decimal.of(Long.MIN_VALUE, 0, 0, 0, true));
  }

  @Test
  void agreesAtTheEdges() {
    BigInteger two256 = BigInteger.ONE.shiftLeft(256);
    for (BigInteger v :
        new BigInteger[] {
          BigInteger.ZERO,
          two256.subtract(BigInteger.ONE),
          BigInteger.ONE.shiftLeft(255).negate(),
          BigInteger.TEN.pow(18),
          BigInteger.TEN.pow(27),
          BigInteger.TEN.pow(36).subtract(BigInteger.ONE),
          BigInteger.ONE.shiftLeft(64),
          BigInteger.ONE.shiftLeft(63),
          BigInteger.ONE.shiftLeft(63).negate()
        }) {
      assertEquals(v.toString(), Decimal.of(v));
    }
  }
}
