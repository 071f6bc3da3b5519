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
