package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.client.BlockHeader;
import dev.eventstreamer.stream.client.ChainLog;
import dev.eventstreamer.stream.client.ChainRpc;
import dev.eventstreamer.stream.config.StreamConfig;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Block headers by number for each chain, fetched in JSON-RPC batches and kept in a bounded cache:
 * the block time of every event, and the hash that proves a log belongs to the canonical block.
 */
@ApplicationScoped
public class BlockHeaders {

  /** A log's block hash is not the hash the chain now has at its height: a reorg in between. */
  static final class ReorgSeen extends RuntimeException {
    ReorgSeen(String message) {
      super(message, null, false, false);
    }
  }

  private static final int IN_FLIGHT = 4;
  private static final int RETRIES = 8;
  private static final Duration RETRY_FIRST = Duration.ofMillis(200);
  private static final Duration RETRY_MAX = Duration.ofSeconds(5);

  private final ChainRpc rpc;
  private final int perBatch;
  private final int capacity;
  private final Duration callTimeout;
  private final Map<Long, Map<Long, BlockHeader>> caches = new HashMap<>();

  BlockHeaders(ChainRpc rpc, StreamConfig config) {
    this.rpc = rpc;
    this.perBatch = Math.max(1, config.ingest().headersPerBatch());
    this.capacity = Math.max(16, config.ingest().headerCacheSize());
    this.callTimeout = IngestContext.callTimeout(config);
  }

  /**
   * Block times (seconds) of the blocks of {@code logs}, checking each log's block hash against the
   * chain's header at that height; a log that carries its block time needs no header.
   *
   * @throws ReorgSeen when a log's block is no longer canonical
   */
  Map<Long, Long> blockTimes(long chainId, List<ChainLog> logs) {
    TreeSet<Long> needed = new TreeSet<>();
    for (ChainLog log : logs) {
      if (log.blockTimestamp() == null) {
        needed.add(log.blockNumber());
      }
    }
    Map<Long, BlockHeader> headers = headers(chainId, needed, false);
    List<Long> stale = new ArrayList<>();
    for (ChainLog log : logs) {
      BlockHeader h = headers.get(log.blockNumber());
      if (h != null && !h.hash().equals(log.blockHash())) {
        stale.add(log.blockNumber());
      }
    }
    if (!stale.isEmpty()) {
      // The cache may hold a block a reorg replaced since: ask again before calling it a reorg.
      headers.putAll(headers(chainId, new TreeSet<>(stale), true));
      for (ChainLog log : logs) {
        BlockHeader h = headers.get(log.blockNumber());
        if (h != null && !h.hash().equals(log.blockHash())) {
          throw new ReorgSeen(
              "chain "
                  + chainId
                  + " block "
                  + log.blockNumber()
                  + " is now "
                  + h.hash()
                  + ", not "
                  + log.blockHash());
        }
      }
    }
    Map<Long, Long> times = new HashMap<>();
    for (ChainLog log : logs) {
      if (log.blockTimestamp() != null) {
        times.put(log.blockNumber(), log.blockTimestamp());
      } else {
        BlockHeader h = headers.get(log.blockNumber());
        if (h == null) {
          throw new ReorgSeen("chain " + chainId + " has no block " + log.blockNumber() + " now");
        }
        times.put(log.blockNumber(), h.timestamp());
      }
    }
    return times;
  }

  /** Headers of {@code numbers}, from the cache unless {@code fresh}; absent ones are left out. */
  Map<Long, BlockHeader> headers(long chainId, TreeSet<Long> numbers, boolean fresh) {
    Map<Long, BlockHeader> found = new HashMap<>();
    List<Long> missing = new ArrayList<>();
    Map<Long, BlockHeader> cache = cache(chainId);
    synchronized (cache) {
      for (long n : numbers) {
        BlockHeader h = fresh ? null : cache.get(n);
        if (h == null) {
          missing.add(n);
        } else {
          found.put(n, h);
        }
      }
    }
    if (missing.isEmpty()) {
      return found;
    }
    List<List<Long>> batches = new ArrayList<>();
    for (int i = 0; i < missing.size(); i += perBatch) {
      batches.add(missing.subList(i, Math.min(missing.size(), i + perBatch)));
    }
    // A few batches at once keep the node busy; each is asked again while the gateway cannot
    // answer for now.
    List<List<BlockHeader>> answers =
        Multi.createFrom()
            .iterable(batches)
            .onItem()
            .transformToUni(
                batch ->
                    rpc.headers(chainId, batch)
                        .ifNoItem()
                        .after(callTimeout)
                        .fail()
                        .onFailure(Pacer::transientFailure)
                        .retry()
                        .withBackOff(RETRY_FIRST, RETRY_MAX)
                        .atMost(RETRIES))
            .merge(IN_FLIGHT)
            .collect()
            .asList()
            .await()
            .atMost(callTimeout.multipliedBy(RETRIES + 1L).plus(RETRY_MAX.multipliedBy(RETRIES)));
    synchronized (cache) {
      for (List<BlockHeader> answer : answers) {
        for (BlockHeader h : answer) {
          if (h != null) {
            found.put(h.number(), h);
            cache.put(h.number(), h);
          }
        }
      }
    }
    return found;
  }

  /** Forgets cached headers of a chain above {@code block} (a reorg replaced them). */
  void forgetAbove(long chainId, long block) {
    Map<Long, BlockHeader> cache = cache(chainId);
    synchronized (cache) {
      cache.keySet().removeIf(n -> n > block);
    }
  }

  private Map<Long, BlockHeader> cache(long chainId) {
    synchronized (caches) {
      return caches.computeIfAbsent(
          chainId,
          id ->
              new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, BlockHeader> eldest) {
                  return size() > capacity;
                }
              });
    }
  }
}
