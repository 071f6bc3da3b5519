package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.Chain;
import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.client.BlockHeader;
import dev.eventstreamer.stream.client.ChainLog;
import dev.eventstreamer.stream.client.LogFilter;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Follows one chain's head for all its live subscriptions at once. Each round takes the next safe
 * blocks (at most {@code live-blocks-per-round}): their headers in one batch, checked link by link
 * against each other and against the blocks verified before; the logs of every live subscription in
 * one eth_getLogs (union of addresses and topic0s, routed in memory), each log checked against its
 * block's hash; the tip's hash once more after, so no reorg slips in between. A parent hash that
 * does not match what was verified is a reorg: {@link ReorgHandler} places its fork point, removes
 * what it orphaned, and the next round takes the new blocks. Between rounds it polls, or, for a
 * chain with a WebSocket, waits for the next pushed head ({@link NewHeads}).
 */
final class LiveFollower implements Runnable {

  /** Blocks of verified history kept per chain: deeper reorgs cannot be placed. */
  static final int KEPT_BLOCKS = 1024;

  private final IngestContext ctx;
  private final long chainId;
  private final Pacer pacer;

  LiveFollower(IngestContext ctx, long chainId, Lease lease, BooleanSupplier running) {
    this.ctx = ctx;
    this.chainId = chainId;
    this.pacer = Pacer.forWorker(ctx, lease, running);
  }

  @Override
  public void run() {
    try {
      follow();
    } finally {
      ctx.heads.release(chainId);
    }
  }

  private void follow() {
    while (true) {
      pacer.checkRunning();
      // Taken before the round looks at the head: a head that comes during it ends the pause.
      long seen = ctx.heads.seen(chainId);
      Optional<Chain> chain = ctx.chains.find(chainId).await().atMost(ctx.callTimeout);
      if (chain.isEmpty() || !chain.get().active()) {
        return;
      }
      List<Subscription> live = ctx.subscriptions.live(chainId).await().atMost(ctx.callTimeout);
      if (live.isEmpty()) {
        return;
      }
      boolean more;
      try {
        more = round(chain.get(), live);
        pacer.reset();
      } catch (BlockHeaders.ReorgSeen e) {
        Log.debugf("Chain %d: %s; taking the round again", chainId, e.getMessage());
        more = true;
      } catch (Pacer.Stopped e) {
        throw e;
      } catch (RuntimeException e) {
        pacer.checkRunning(); // a failure while stopping is the stop, not news
        Log.warnf("Chain %d: live round failed, retrying: %s", chainId, e.toString());
        pacer.backOff(e);
        continue;
      }
      if (!more) {
        ctx.heads.await(
            chain.get(),
            seen,
            pollMillis(chain.get()),
            ctx.config.maxPollInterval().toMillis(),
            pacer);
      }
    }
  }

  private long pollMillis(Chain chain) {
    long millis = chain.blockTimeMillis() / 2;
    return Math.max(
        ctx.config.minPollInterval().toMillis(),
        Math.min(ctx.config.maxPollInterval().toMillis(), millis));
  }

  /** One round; true when there is more to take right away. */
  private boolean round(Chain chain, List<Subscription> live) {
    long head = pacer.await(ctx.rpc.blockNumber(chainId), ctx.callTimeout);
    long safe = head - chain.confirmationBlocks();
    long handBack = head - ctx.config.finalityDepth() - 2L * ctx.config.liveBlocksPerRound();
    List<Subscription> due = new ArrayList<>();
    for (Subscription s : live) {
      ctx.metrics.subscriptionLag(s, head);
      if (s.nextBlock() < handBack) {
        // Far behind (the service was down, say): a backfill reads history faster.
        if (ctx.subscriptions
            .changeStatus(s.id(), s.nextBlock(), IngestStatus.LIVE, IngestStatus.BACKFILLING)
            .await()
            .atMost(ctx.callTimeout)) {
          Log.infof(
              "Subscription %d fell %d blocks behind; back to backfill",
              s.id(), head - s.nextBlock());
        }
      } else if (s.nextBlock() <= s.lastBlockWanted(safe)) {
        due.add(s);
      }
    }
    if (due.isEmpty()) {
      ctx.metrics.chainLag(chainId, 0);
      checkTip(head);
      return false;
    }
    long from = Long.MAX_VALUE;
    for (Subscription s : due) {
      from = Math.min(from, s.nextBlock());
    }
    long to = Math.min(safe, from + ctx.config.liveBlocksPerRound() - 1);
    ctx.metrics.chainLag(chainId, Math.max(0, safe - from + 1));

    List<BlockHeader> headers = headers(from, to);
    if (headers == null) {
      return false;
    }
    Map<Long, BlockHeader> verified = verify(chain, from, headers);
    if (verified == null) {
      return true; // a reorg was handled: take the new blocks next
    }

    LogFetcher.Fetched fetched =
        ctx.fetcher.fetch(chainId, chain.maxBlockRange(), union(due, from, to), pacer);
    long end = fetched.to();
    for (ChainLog log : fetched.logs()) {
      BlockHeader h = verified.get(log.blockNumber());
      if (h == null || !h.hash().equals(log.blockHash())) {
        throw new BlockHeaders.ReorgSeen(
            "log of block " + log.blockNumber() + " from " + log.blockHash() + " while fetching");
      }
    }
    BlockHeader tip = pacer.await(ctx.rpc.header(chainId, end), ctx.callTimeout);
    if (tip == null || !tip.hash().equals(verified.get(end).hash())) {
      throw new BlockHeaders.ReorgSeen("block " + end + " changed while fetching");
    }

    Map<Long, Long> times = new HashMap<>();
    for (BlockHeader h : verified.values()) {
      times.put(h.number(), h.timestamp());
    }
    for (Subscription s : due) {
      if (s.nextBlock() > end) {
        continue;
      }
      long last = Math.min(end, s.lastBlockWanted(end));
      List<ChainLog> mine = route(s, fetched.logs(), last);
      LogAppender.Appended appended =
          ctx.appender
              .append(s, last, ctx.appender.decode(s, mine, times), IngestStatus.LIVE)
              .await()
              .atMost(ctx.callTimeout);
      if (appended.applied()) {
        ctx.progress.update(s.id(), s.startBlock(), last, appended.lastSeq(), appended.status());
      }
    }
    List<BlockHeader> kept = new ArrayList<>();
    for (BlockHeader h : headers) {
      if (h.number() <= end) {
        kept.add(h);
      }
    }
    ctx.blocks.save(chainId, kept).await().atMost(ctx.callTimeout);
    if (end % 64 == 0) {
      ctx.blocks.pruneBelow(chainId, end - KEPT_BLOCKS).await().atMost(ctx.callTimeout);
    }
    ctx.metrics.chainBlocks(chainId, end - from + 1);
    return end < safe;
  }

  /**
   * With nothing to take, checks that the newest verified block is still the chain's: a reorg to a
   * chain that is not longer (yet) shows only here, and with zero confirmations its orphans must
   * not stand until the new chain grows past them.
   */
  private void checkTip(long head) {
    Optional<BlockHeader> tip = ctx.blocks.tip(chainId).await().atMost(ctx.callTimeout);
    if (tip.isEmpty()) {
      return;
    }
    long number = tip.get().number();
    if (number > head) {
      ctx.reorgs.handle(chainId, number);
      return;
    }
    BlockHeader now = pacer.await(ctx.rpc.header(chainId, number), ctx.callTimeout);
    if (now == null || !now.hash().equals(tip.get().hash())) {
      ctx.reorgs.handle(chainId, number);
    }
  }

  /** Headers of {@code from..to}, linked to each other; null when the node lacks some. */
  private List<BlockHeader> headers(long from, long to) {
    TreeSet<Long> numbers = new TreeSet<>();
    for (long n = from; n <= to; n++) {
      numbers.add(n);
    }
    Map<Long, BlockHeader> found = ctx.headers.headers(chainId, numbers, true);
    List<BlockHeader> headers = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      BlockHeader h = found.get(n);
      if (h == null) {
        return null; // the node's head moved back between calls: try again later
      }
      if (!headers.isEmpty() && !h.parentHash().equals(headers.get(headers.size() - 1).hash())) {
        throw new BlockHeaders.ReorgSeen("blocks " + (n - 1) + " and " + n + " do not link");
      }
      headers.add(h);
    }
    return headers;
  }

  /**
   * Checks fresh headers against the blocks verified before; handles a reorg when they differ
   * (returns null), else the headers by number.
   */
  private Map<Long, BlockHeader> verify(Chain chain, long from, List<BlockHeader> headers) {
    long to = headers.get(headers.size() - 1).number();
    List<BlockHeader> stored =
        ctx.blocks.between(chainId, from - 1, to).await().atMost(ctx.callTimeout);
    Map<Long, BlockHeader> byNumber = new HashMap<>();
    for (BlockHeader h : headers) {
      byNumber.put(h.number(), h);
    }
    for (BlockHeader known : stored) {
      boolean differs;
      if (known.number() == from - 1) {
        differs = !known.hash().equals(headers.get(0).parentHash());
      } else {
        BlockHeader now = byNumber.get(known.number());
        differs = now != null && !now.hash().equals(known.hash());
      }
      if (differs) {
        ctx.reorgs.handle(chainId, known.number());
        return null;
      }
    }
    return byNumber;
  }

  /** One eth_getLogs filter for every due subscription. */
  private static LogFilter union(List<Subscription> due, long from, long to) {
    Set<String> addresses = new LinkedHashSet<>();
    Set<String> topics = new LinkedHashSet<>();
    boolean any = false;
    for (Subscription s : due) {
      topics.add(s.topic0());
      if (s.anyAddress()) {
        any = true;
      } else {
        addresses.addAll(s.addresses());
      }
    }
    return LogFilter.range(from, to, any ? List.of() : List.copyOf(addresses), List.copyOf(topics));
  }

  /** The logs of the union that belong to {@code s}, from its next block to {@code last}. */
  private static List<ChainLog> route(Subscription s, List<ChainLog> logs, long last) {
    Set<String> addresses = s.anyAddress() ? null : new HashSet<>(s.addresses());
    List<ChainLog> mine = new ArrayList<>();
    for (ChainLog log : logs) {
      if (log.blockNumber() < s.nextBlock() || log.blockNumber() > last) {
        continue;
      }
      if (!s.topic0().equals(log.topic0())) {
        continue;
      }
      if (addresses != null && !addresses.contains(log.address())) {
        continue;
      }
      mine.add(log);
    }
    return mine;
  }
}
