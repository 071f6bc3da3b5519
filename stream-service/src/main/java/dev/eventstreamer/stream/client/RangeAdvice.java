package dev.eventstreamer.stream.client;

/**
 * What a node's refusal of an {@code eth_getLogs} says about the range to ask for next.
 *
 * @param kind what to do
 * @param suggestedFrom with {@link Kind#SUGGESTED_RANGE}: the first block the node said would work
 * @param suggestedTo with {@link Kind#SUGGESTED_RANGE}: the last block the node said would work
 * @param blockCap the most blocks per call the endpoint accepts, when it said so; 0 when not
 */
public record RangeAdvice(Kind kind, long suggestedFrom, long suggestedTo, long blockCap) {

  /** The kinds of answer, most specific first. */
  public enum Kind {
    /** The node named a range that works: ask exactly that next, no probing. */
    SUGGESTED_RANGE,
    /** The endpoint takes at most {@code blockCap} blocks per call: a cap to keep. */
    BLOCK_CAP,
    /** Too many blocks or results, no size given: halve. */
    TOO_LARGE,
    /** The endpoint is rate limiting: wait, never shrink the range. */
    RATE_LIMITED,
    /** Not about the range or the rate: a real failure. */
    OTHER
  }

  static final RangeAdvice TOO_LARGE = new RangeAdvice(Kind.TOO_LARGE, 0, 0, 0);
  static final RangeAdvice RATE_LIMITED = new RangeAdvice(Kind.RATE_LIMITED, 0, 0, 0);
  static final RangeAdvice OTHER = new RangeAdvice(Kind.OTHER, 0, 0, 0);

  static RangeAdvice suggested(long from, long to, long cap) {
    return new RangeAdvice(Kind.SUGGESTED_RANGE, from, to, cap);
  }

  static RangeAdvice cap(long blocks) {
    return new RangeAdvice(Kind.BLOCK_CAP, 0, 0, blocks);
  }

  /** Whether this asks for a smaller range. */
  public boolean aboutRange() {
    return kind == Kind.SUGGESTED_RANGE || kind == Kind.BLOCK_CAP || kind == Kind.TOO_LARGE;
  }
}
