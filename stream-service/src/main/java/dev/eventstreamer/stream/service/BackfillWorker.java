package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.Chain;
import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.client.LogFilter;
import io.quarkus.logging.Log;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Reads one subscription's history, from its next block up to what the live follower takes over
 * (the head less the finality depth or the confirmations, whichever is deeper), in the widest
 * ranges the provider accepts, several in flight, appended strictly in order. Resumes where the log
 * stands after a crash; hands over to the live follower when caught up.
 */
final class BackfillWorker implements Runnable {

  /** A range in flight: planned up to {@code to}; its fetch may cover less. */
  private record Slot(long from, long to, Future<Prepared> work) {}

  /** A range fetched and decoded, ready to append: it covers blocks up to {@code to}. */
  private record Prepared(long to, LogAppender.Decoded decoded) {}

  private final IngestContext ctx;
  private final long subscriptionId;
  private final Lease lease;
  private final Pacer pacer;
  // Logs per block seen lately (fetch threads write it; a rough figure is all planning needs).
  private volatile double density;
  private boolean probed;

  BackfillWorker(IngestContext ctx, long subscriptionId, Lease lease, BooleanSupplier running) {
    this.ctx = ctx;
    this.subscriptionId = subscriptionId;
    this.lease = lease;
    this.pacer = Pacer.forWorker(ctx, lease, running);
  }

  @Override
  public void run() {
    while (true) {
      pacer.checkRunning();
      Optional<Subscription> found =
          ctx.subscriptions.find(subscriptionId).await().atMost(ctx.callTimeout);
      if (found.isEmpty()
          || found.get().deleted()
          || found.get().status() != IngestStatus.BACKFILLING) {
        return;
      }
      Subscription s = found.get();
      Optional<Chain> chain = ctx.chains.find(s.chainId()).await().atMost(ctx.callTimeout);
      if (chain.isEmpty() || !chain.get().active()) {
        return;
      }
      long head = pacer.await(ctx.rpc.blockNumber(s.chainId()), ctx.callTimeout);
      ctx.metrics.subscriptionLag(s, head);
      long depth = Math.max(chain.get().confirmationBlocks(), ctx.config.finalityDepth());
      long target = s.lastBlockWanted(head - depth);
      if (s.nextBlock() > target) {
        handOver(s);
        return;
      }
      if (!backfill(s, chain.get(), target)) {
        // Someone moved the subscription (a reorg, an update): read it again.
        continue;
      }
    }
  }

  /** Caught up: the live follower (or nobody, when the end block is in) takes it from here. */
  private void handOver(Subscription s) {
    IngestStatus next = s.done() ? IngestStatus.COMPLETED : IngestStatus.LIVE;
    if (ctx.subscriptions
        .changeStatus(s.id(), s.nextBlock(), IngestStatus.BACKFILLING, next)
        .await()
        .atMost(ctx.callTimeout)) {
      Log.infof(
          "Subscription %d: backfill done up to block %d, now %s",
          s.id(), s.nextBlock() - 1, next.value());
      ctx.progress.update(s.id(), s.startBlock(), s.nextBlock() - 1, s.lastSeq(), next);
      if (next == IngestStatus.LIVE) {
        ctx.heads.nudge(s.chainId());
      }
    }
  }

  /** Appends blocks {@code s.nextBlock()..target}; false when the subscription moved meanwhile. */
  private boolean backfill(Subscription s, Chain chain, long target) {
    LogFilter filter = LogFilter.range(s.nextBlock(), target, s.addresses(), List.of(s.topic0()));
    int window = Math.max(1, Math.min(ctx.config.maxConcurrentRanges(), chain.maxConcurrent()));
    Deque<Slot> slots = new ArrayDeque<>();
    long nextFrom = s.nextBlock();
    Subscription current = s;
    boolean appendedOnce = false;
    try {
      while (nextFrom <= target || !slots.isEmpty()) {
        // Until the first answer tells how dense the logs are, one range at a time: planning a
        // whole window blind could ask for everything in a few huge answers.
        while (slots.size() < (density > 0 || appendedOnce ? window : 1) && nextFrom <= target) {
          long to = Math.min(target, nextFrom + plannedRange(chain) - 1);
          slots.addLast(submit(current, chain, filter.withRange(nextFrom, to)));
          nextFrom = to + 1;
        }
        Slot slot = slots.pollFirst();
        Prepared prepared;
        try {
          prepared = await(slot.work());
        } catch (BlockHeaders.ReorgSeen e) {
          Log.infof("Subscription %d: %s; reading the range again", s.id(), e.getMessage());
          return false;
        }
        if (prepared.to() < slot.to()) {
          // The provider wanted a smaller range: the rest of this slot goes first.
          slots.addFirst(submit(current, chain, filter.withRange(prepared.to() + 1, slot.to())));
        }
        LogAppender.Appended appended =
            ctx.appender
                .append(current, prepared.to(), prepared.decoded(), IngestStatus.BACKFILLING)
                .await()
                .atMost(ctx.callTimeout);
        if (!appended.applied()) {
          return false;
        }
        current = current.progressed(prepared.to() + 1, appended.lastSeq(), appended.status());
        appendedOnce = true;
        ctx.progress.update(
            s.id(), s.startBlock(), prepared.to(), appended.lastSeq(), appended.status());
        if (appended.status() == IngestStatus.COMPLETED) {
          Log.infof("Subscription %d: completed at its end block %d", s.id(), s.endBlock());
          return true;
        }
        pacer.checkRunning();
      }
      return true;
    } finally {
      for (Slot slot : slots) {
        slot.work().cancel(true);
      }
    }
  }

  /**
   * The blocks to plan the next range with: what the endpoint takes, and no more than the logs seen
   * so far say would make about {@code target-logs-per-call} logs, so a dense stretch comes in
   * several calls that overlap with decoding and appending instead of one huge answer.
   */
  private long plannedRange(Chain chain) {
    long range = ctx.fetcher.nextRange(chain.chainId(), chain.maxBlockRange());
    if (density > 0) {
      range = Math.min(range, Math.max(1, (long) (ctx.config.targetLogsPerCall() / density)));
    } else if (!probed) {
      // The first range is a probe: a tenth of the widest, so a dense history starts small.
      range = Math.max(1, range / 10);
    }
    probed = true;
    return range;
  }

  /**
   * Fetches a range, its block times and decodes it on the fetch threads, so the next ranges are
   * ready when the one before is appended.
   */
  private Slot submit(Subscription s, Chain chain, LogFilter range) {
    Pacer fetchPacer = new Pacer(ctx.config.initialBackoff(), ctx.config.maxBackoff(), lease::held);
    Future<Prepared> work =
        ctx.fetchPool.submit(
            () -> {
              LogFetcher.Fetched fetched =
                  ctx.fetcher.fetch(chain.chainId(), chain.maxBlockRange(), range, fetchPacer);
              long blocks = fetched.to() - fetched.from() + 1;
              density = Math.max(density * 0.5, fetched.logs().size() / (double) blocks);
              Map<Long, Long> times = ctx.headers.blockTimes(chain.chainId(), fetched.logs());
              return new Prepared(fetched.to(), ctx.appender.decode(s, fetched.logs(), times));
            });
    return new Slot(range.fromBlock(), range.toBlock(), work);
  }

  private Prepared await(Future<Prepared> fetch) {
    try {
      return fetch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Pacer.Stopped();
    } catch (CancellationException e) {
      throw new Pacer.Stopped();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IngestException("a range fetch failed: " + e.getCause());
    }
  }
}
