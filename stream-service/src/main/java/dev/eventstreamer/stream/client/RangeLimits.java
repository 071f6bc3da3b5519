package dev.eventstreamer.stream.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The eth_getLogs range to ask each endpoint for, learned from its answers: it starts at the
 * chain's widest range (or the cap the endpoint confirmed before), takes a range the node suggested
 * as is, keeps a cap the node stated, halves on a refusal that names no size, and grows by 8% after
 * each full-width success, never beyond the cap. Rate limits never change it.
 *
 * <p>The gateway routes each call to its healthiest endpoint; the next call is planned for the
 * endpoint that answered the last one.
 */
public final class RangeLimits {

  /** Growth after a full-width success: 8%, at least one block. */
  static final double GROWTH = 0.08;

  /** What is known of one endpoint. */
  private static final class Endpoint {
    long range;
    long cap; // 0: none confirmed

    Endpoint(long range, long cap) {
      this.range = range;
      this.cap = cap;
    }
  }

  /** Told when an endpoint confirms a cap, to keep it across restarts and replicas. */
  public interface CapListener {
    void confirmed(long chainId, String endpoint, long cap);
  }

  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<Long, String> lastEndpoint = new ConcurrentHashMap<>();
  private final CapListener listener;

  public RangeLimits(CapListener listener) {
    this.listener = listener;
  }

  /** Caps confirmed earlier (e.g. read from the database at start). */
  public void restore(long chainId, String endpoint, long cap) {
    if (cap > 0) {
      endpoints.compute(
          key(chainId, endpoint),
          (k, e) -> {
            if (e == null) {
              return new Endpoint(cap, cap);
            }
            e.cap = cap;
            e.range = Math.min(e.range, cap);
            return e;
          });
    }
  }

  /** The blocks to ask for next on {@code chainId}, at most {@code chainMax}. */
  public long next(long chainId, long chainMax) {
    String endpoint = lastEndpoint.get(chainId);
    Endpoint e = endpoint == null ? null : endpoints.get(key(chainId, endpoint));
    if (e == null) {
      return Math.max(1, chainMax);
    }
    synchronized (e) {
      long limit = e.cap > 0 ? Math.min(e.cap, chainMax) : chainMax;
      return Math.max(1, Math.min(e.range, limit));
    }
  }

  /** {@code endpoint} answered a call over {@code blocks} blocks. */
  public void answered(long chainId, String endpoint, long blocks, long chainMax) {
    if (endpoint == null) {
      return;
    }
    lastEndpoint.put(chainId, endpoint);
    Endpoint e = endpoints.computeIfAbsent(key(chainId, endpoint), k -> new Endpoint(chainMax, 0));
    synchronized (e) {
      long limit = e.cap > 0 ? Math.min(e.cap, chainMax) : chainMax;
      if (blocks >= e.range) {
        e.range = Math.min(limit, e.range + Math.max(1, (long) (e.range * GROWTH)));
      }
      e.range = Math.min(e.range, limit);
    }
  }

  /**
   * {@code endpoint} refused a call over {@code blocks} blocks with {@code advice}; returns the
   * blocks to ask for instead (from the same first block).
   */
  public long refused(long chainId, String endpoint, long blocks, RangeAdvice advice) {
    long cap = advice.blockCap() > 0 && advice.blockCap() < blocks ? advice.blockCap() : 0;
    long next =
        switch (advice.kind()) {
          case SUGGESTED_RANGE -> advice.suggestedTo() - advice.suggestedFrom() + 1;
          // A stated cap that already fits what was asked meant something else: halve.
          case BLOCK_CAP -> cap > 0 ? cap : blocks / 2;
          default -> blocks / 2;
        };
    next = Math.max(1, Math.min(next, blocks - 1));
    if (endpoint == null) {
      return next;
    }
    lastEndpoint.put(chainId, endpoint);
    Endpoint e = endpoints.computeIfAbsent(key(chainId, endpoint), k -> new Endpoint(blocks, 0));
    boolean newCap;
    synchronized (e) {
      newCap = cap > 0 && (e.cap == 0 || cap < e.cap);
      if (newCap) {
        e.cap = cap;
      }
      e.range = next;
    }
    if (newCap && listener != null) {
      listener.confirmed(chainId, endpoint, cap);
    }
    return next;
  }

  /** The confirmed cap of an endpoint, 0 when none. */
  public long cap(long chainId, String endpoint) {
    Endpoint e = endpoints.get(key(chainId, endpoint));
    return e == null ? 0 : e.cap;
  }

  private static String key(long chainId, String endpoint) {
    return chainId + " " + endpoint;
  }
}
