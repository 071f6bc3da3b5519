package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.Chain;
import dev.eventstreamer.stream.client.NewHeadsClient;
import dev.eventstreamer.stream.config.StreamConfig;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * New heads per chain, for the live followers' pauses: a chain with a WebSocket has its heads
 * pushed ({@code eth_subscribe newHeads} through chain-config-service), and its follower wakes for
 * each one instead of waiting for its next poll. The data itself is always read through the
 * gateway; a socket only says when. A socket that closes or cannot open means polling until it
 * opens again.
 */
@Singleton
public class NewHeads {

  private final NewHeadsClient client;
  private final long reconnectNanos;
  private final Map<Long, Watch> watches = new ConcurrentHashMap<>();

  NewHeads(NewHeadsClient client, StreamConfig config) {
    this.client = client;
    this.reconnectNanos = config.ingest().newHeadsReconnectDelay().toNanos();
  }

  /**
   * How many heads of {@code chainId} came so far (and nudges): a round takes it before it looks.
   */
  long seen(long chainId) {
    Watch w = watches.get(chainId);
    return w == null ? 0 : w.count();
  }

  /** Whether {@code chainId}'s heads are coming over its socket now. */
  public boolean pushed(long chainId) {
    Watch w = watches.get(chainId);
    return w != null && w.feed != null;
  }

  /**
   * Pauses a follower until a head newer than {@code seen} comes, or at most {@code pollMillis} (no
   * socket) or {@code idleMillis} (heads pushed: a look then only guards against a head the socket
   * missed).
   */
  void await(Chain chain, long seen, long pollMillis, long idleMillis, Pacer pacer) {
    Watch w = watches.computeIfAbsent(chain.chainId(), Watch::new);
    if (chain.liveWebsocket()) {
      w.openIfDue();
    } else {
      w.dropFeed();
    }
    w.awaitAfter(seen, w.feed != null ? idleMillis : pollMillis, pacer);
  }

  /**
   * Ends the pause of {@code chainId}'s follower now: a subscription of the chain just went live,
   * and on a chain whose next block is far off (or whose heads are pushed) its follower would
   * otherwise take it only after its pause.
   */
  public void nudge(long chainId) {
    Watch w = watches.get(chainId);
    if (w != null) {
      w.nudged();
    }
  }

  /** Stops taking {@code chainId}'s heads (its follower ended). */
  void release(long chainId) {
    Watch w = watches.remove(chainId);
    if (w != null) {
      w.close();
    }
  }

  private final class Watch {
    private final long chainId;
    private long count;
    private long lastAttempt = System.nanoTime() - reconnectNanos;
    private boolean opening;
    private boolean closed;
    private volatile NewHeadsClient.Feed feed;

    Watch(long chainId) {
      this.chainId = chainId;
    }

    synchronized long count() {
      return count;
    }

    synchronized void openIfDue() {
      if (closed || feed != null || opening || System.nanoTime() - lastAttempt < reconnectNanos) {
        return;
      }
      opening = true;
      lastAttempt = System.nanoTime();
      client
          .subscribe(chainId, this::head, this::lost)
          .subscribe()
          .with(this::opened, this::failed);
    }

    private synchronized void opened(NewHeadsClient.Feed f) {
      opening = false;
      if (closed) {
        f.close();
        return;
      }
      feed = f;
      Log.infof("Chain %d: new heads come over its WebSocket", chainId);
    }

    private synchronized void failed(Throwable failure) {
      opening = false;
      Log.infof(
          "Chain %d: no new-heads WebSocket (%s); polling, trying again in %d s",
          chainId, failure.getMessage(), reconnectNanos / 1_000_000_000L);
    }

    private synchronized void head(long number) {
      count++;
      notifyAll();
    }

    synchronized void nudged() {
      count++;
      notifyAll();
    }

    /** The chain has no WebSocket (any more): a socket still open is closed. */
    synchronized void dropFeed() {
      NewHeadsClient.Feed f = feed;
      feed = null;
      if (f != null) {
        f.close();
      }
    }

    private synchronized void lost() {
      feed = null;
      lastAttempt = System.nanoTime();
      if (!closed) {
        Log.infof("Chain %d: new-heads WebSocket closed; polling until it opens again", chainId);
      }
      notifyAll();
    }

    void awaitAfter(long seen, long millis, Pacer pacer) {
      boolean pushed = feed != null;
      long deadline = System.nanoTime() + millis * 1_000_000L;
      while (true) {
        // Outside the monitor: it may renew the lease, and heads arrive on an event loop.
        pacer.checkRunning();
        synchronized (this) {
          // A lost socket ends a long wait: the next round polls.
          if (count != seen || pushed && feed == null) {
            return;
          }
          long left = (deadline - System.nanoTime()) / 1_000_000L;
          if (left <= 0) {
            return;
          }
          try {
            // Short slices: a stop (or a lost lease) is noticed soon.
            wait(Math.min(left, 100));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Pacer.Stopped();
          }
        }
      }
    }

    synchronized void close() {
      closed = true;
      NewHeadsClient.Feed f = feed;
      feed = null;
      if (f != null) {
        f.close();
      }
    }
  }
}
