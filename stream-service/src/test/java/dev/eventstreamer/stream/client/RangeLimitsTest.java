package dev.eventstreamer.stream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the range per endpoint moves with answers and refusals. */
class RangeLimitsTest {

  static final long CHAIN = 1;
  static final long MAX = 10_000;

  final List<String> confirmed = new ArrayList<>();
  final RangeLimits limits =
      new RangeLimits((chain, endpoint, cap) -> confirmed.add(endpoint + "=" + cap));

  @Test
  void startsAtTheChainsWidestRange() {
    assertEquals(MAX, limits.next(CHAIN, MAX));
  }

  @Test
  void takesASuggestedRangeAsIsAndGrowsEightPercentAfterFullWidthSuccesses() {
    long next = limits.refused(CHAIN, "a:1", MAX, RangeAdvice.suggested(100, 599, 0));
    assertEquals(500, next);
    assertEquals(500, limits.next(CHAIN, MAX));
    limits.answered(CHAIN, "a:1", 500, MAX);
    assertEquals(540, limits.next(CHAIN, MAX));
    limits.answered(CHAIN, "a:1", 540, MAX);
    assertEquals(583, limits.next(CHAIN, MAX));
    // A short final range says nothing about the width: no growth.
    limits.answered(CHAIN, "a:1", 17, MAX);
    assertEquals(583, limits.next(CHAIN, MAX));
    assertEquals(List.of(), confirmed, "a suggestion is about density, not a cap");
  }

  @Test
  void keepsAStatedCapAndNeverGrowsBeyondIt() {
    assertEquals(2000, limits.refused(CHAIN, "b:1", MAX, RangeAdvice.cap(2000)));
    assertEquals(List.of("b:1=2000"), confirmed);
    for (int i = 0; i < 20; i++) {
      limits.answered(CHAIN, "b:1", limits.next(CHAIN, MAX), MAX);
    }
    assertEquals(2000, limits.next(CHAIN, MAX));
    assertEquals(2000, limits.cap(CHAIN, "b:1"));
  }

  @Test
  void halvesWhenNoSizeIsGiven() {
    assertEquals(5000, limits.refused(CHAIN, "c:1", MAX, RangeAdvice.TOO_LARGE));
    assertEquals(2500, limits.refused(CHAIN, "c:1", 5000, RangeAdvice.TOO_LARGE));
    assertEquals(1, limits.refused(CHAIN, "c:1", 2, RangeAdvice.TOO_LARGE));
  }

  @Test
  void aCapThatAlreadyFitsTheAskMeansSomethingElse() {
    assertEquals(400, limits.refused(CHAIN, "d:1", 800, RangeAdvice.cap(1000)));
    assertEquals(List.of(), confirmed);
  }

  @Test
  void plansForTheEndpointThatAnsweredLast() {
    limits.refused(CHAIN, "slow:1", MAX, RangeAdvice.cap(100));
    assertEquals(100, limits.next(CHAIN, MAX));
    limits.answered(CHAIN, "fast:1", 10_000, MAX);
    assertEquals(MAX, limits.next(CHAIN, MAX));
  }

  @Test
  void restoresCapsConfirmedEarlier() {
    limits.restore(CHAIN, "e:1", 300);
    limits.answered(CHAIN, "e:1", 300, MAX);
    assertEquals(300, limits.next(CHAIN, MAX));
  }
}
