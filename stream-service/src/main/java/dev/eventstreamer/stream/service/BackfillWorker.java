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

/**
 * Reads one subscription's history, from its next block up to what the live follower takes over
 * (the head less the finality depth or the confirmations, whichever is deeper), in the widest
 * ranges the provider accepts, several in flight, appended strictly in order. Resumes where the log
 * stands after a crash; hands over to the live follower when caught up.
 */
final class BackfillWorker implements Runnable {

  /** A range in flight: planned up to {@code to}; its fetch may cover less. */
  private record Slot(long from, long to, Future<LogFetcher.Fetched> fetch) {}

  private final IngestContext ctx;
  private final long subscriptionId;
  private final Lease lease;
  private final Pacer pacer;

  BackfillWorker(
      IngestContext ctx,
      long subscriptionId,
      Lease lease,
      java.util.function.BooleanSupplier running) {
    this.ctx = ctx;
    this.subscriptionId = subscriptionId;
    this.lease = lease;
    this.pacer =
        new Pacer(
            ctx.config.initialBackoff(),
            ctx.config.maxBackoff(),
            () -> running.getAsBoolean() && lease.renewIfDue());
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
    }
  }

  /** Appends blocks {@code s.nextBlock()..target}; false when the subscription moved meanwhile. */
  private boolean backfill(Subscription s, Chain chain, long target) {
    LogFilter filter = LogFilter.range(s.nextBlock(), target, s.addresses(), List.of(s.topic0()));
    int window = Math.max(1, Math.min(ctx.config.maxConcurrentRanges(), chain.maxConcurrent()));
    Deque<Slot> slots = new ArrayDeque<>();
    long nextFrom = s.nextBlock();
    Subscription current = s;
    try {
      while (nextFrom <= target || !slots.isEmpty()) {
        while (slots.size() < window && nextFrom <= target) {
          long size = ctx.fetcher.nextRange(s.chainId(), chain.maxBlockRange());
          long to = Math.min(target, nextFrom + size - 1);
          slots.addLast(submit(chain, filter.withRange(nextFrom, to)));
          nextFrom = to + 1;
        }
        Slot slot = slots.pollFirst();
        LogFetcher.Fetched fetched = await(slot.fetch());
        if (fetched.to() < slot.to()) {
          // The provider wanted a smaller range: the rest of this slot goes first.
          slots.addFirst(submit(chain, filter.withRange(fetched.to() + 1, slot.to())));
        }
        Map<Long, Long> times;
        try {
          times = ctx.headers.blockTimes(s.chainId(), fetched.logs());
        } catch (BlockHeaders.ReorgSeen e) {
          Log.infof("Subscription %d: %s; reading the range again", s.id(), e.getMessage());
          return false;
        }
        LogAppender.Appended appended =
            ctx.appender
                .append(current, fetched.to(), fetched.logs(), times, IngestStatus.BACKFILLING)
                .await()
                .atMost(ctx.callTimeout);
        if (!appended.applied()) {
          return false;
        }
        current =
            new Subscription(
                current.id(),
                current.chainId(),
                current.topic0(),
                current.eventSignature(),
                current.addresses(),
                current.startBlock(),
                current.endBlock(),
                current.subscriberId(),
                false,
                appended.status(),
                fetched.to() + 1,
                appended.lastSeq(),
                current.reorgEpoch());
        ctx.progress.update(
            s.id(), s.startBlock(), fetched.to(), appended.lastSeq(), appended.status());
        if (appended.status() == IngestStatus.COMPLETED) {
          Log.infof("Subscription %d: completed at its end block %d", s.id(), s.endBlock());
          return true;
        }
        pacer.checkRunning();
      }
      return true;
    } finally {
      for (Slot slot : slots) {
        slot.fetch().cancel(true);
      }
    }
  }

  private Slot submit(Chain chain, LogFilter range) {
    Pacer fetchPacer = new Pacer(ctx.config.initialBackoff(), ctx.config.maxBackoff(), lease::held);
    Future<LogFetcher.Fetched> fetch =
        ctx.fetchPool.submit(
            () -> ctx.fetcher.fetch(chain.chainId(), chain.maxBlockRange(), range, fetchPacer));
    return new Slot(range.fromBlock(), range.toBlock(), fetch);
  }

  private LogFetcher.Fetched await(Future<LogFetcher.Fetched> fetch) {
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
