package dev.eventstreamer.stream.service;

import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.client.BlockHeader;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.ChainBlockRepository;
import dev.eventstreamer.stream.repository.EventLogRepository;
import dev.eventstreamer.stream.repository.LogRow;
import dev.eventstreamer.stream.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Places a reorg and undoes what it orphaned: the fork point is the highest verified block whose
 * hash the chain still has; every event above it that stands in a subscription's log gets a removal
 * event (newest first, {@code removed: true}, an id of its own), and the subscription ingests again
 * from the block after the fork point.
 */
@ApplicationScoped
public class ReorgHandler {

  private final Pool pool;
  private final ChainBlockRepository blocks;
  private final SubscriptionRepository subscriptions;
  private final EventLogRepository log;
  private final EventDecoding decoding;
  private final BlockHeaders headers;
  private final ProgressTracker progress;
  private final IngestMetrics metrics;
  private final Duration callTimeout;

  ReorgHandler(
      Pool pool,
      ChainBlockRepository blocks,
      SubscriptionRepository subscriptions,
      EventLogRepository log,
      EventDecoding decoding,
      BlockHeaders headers,
      ProgressTracker progress,
      IngestMetrics metrics,
      StreamConfig config) {
    this.pool = pool;
    this.blocks = blocks;
    this.subscriptions = subscriptions;
    this.log = log;
    this.decoding = decoding;
    this.headers = headers;
    this.progress = progress;
    this.metrics = metrics;
    this.callTimeout = IngestContext.callTimeout(config);
  }

  /**
   * Handles a reorg seen at or below {@code mismatch} (a verified block the chain no longer has);
   * returns the fork point.
   */
  long handle(long chainId, long mismatch) {
    List<BlockHeader> stored =
        blocks
            .between(chainId, mismatch - LiveFollower.KEPT_BLOCKS, mismatch)
            .await()
            .atMost(callTimeout);
    TreeSet<Long> numbers = new TreeSet<>();
    stored.forEach(b -> numbers.add(b.number()));
    Map<Long, BlockHeader> now = headers.headers(chainId, numbers, true);
    long fork = -1;
    for (int i = stored.size() - 1; i >= 0; i--) {
      BlockHeader known = stored.get(i);
      BlockHeader current = now.get(known.number());
      if (current != null && current.hash().equals(known.hash())) {
        fork = known.number();
        break;
      }
    }
    if (fork < 0) {
      fork = stored.isEmpty() ? mismatch - 1 : stored.get(0).number() - 1;
      Log.errorf(
          "Chain %d: a reorg deeper than the %d verified blocks kept; undoing everything above"
              + " block %d, events below it were not checked",
          chainId, stored.size(), fork);
    }
    long forkPoint = fork;
    List<Subscription> affected =
        subscriptions
            .ofChainWithEventsFrom(pool, chainId, forkPoint + 1)
            .await()
            .atMost(callTimeout);
    int removed = 0;
    for (Subscription s : affected) {
      removed += undo(s.id(), forkPoint);
    }
    blocks.deleteAbove(pool, chainId, forkPoint).await().atMost(callTimeout);
    headers.forgetAbove(chainId, forkPoint);
    long depth = mismatch - forkPoint;
    metrics.reorg(chainId, depth, removed);
    Log.infof(
        "Chain %d: reorg below block %d, fork point %d; %d events removed from %d subscriptions",
        chainId, mismatch + 1, forkPoint, removed, affected.size());
    return forkPoint;
  }

  /** Removes a subscription's standing events above {@code fork}; how many. */
  private int undo(long subscriptionId, long fork) {
    Integer count =
        pool.withTransaction(
                conn ->
                    subscriptions
                        .find(conn, subscriptionId, true)
                        .chain(
                            found -> {
                              if (found.isEmpty() || found.get().nextBlock() <= fork + 1) {
                                return Uni.createFrom().item(0);
                              }
                              Subscription s = found.get();
                              return log.standingAbove(conn, s.id(), fork)
                                  .chain(orphaned -> removeAll(conn, s, orphaned, fork));
                            }))
            .await()
            .atMost(callTimeout);
    return count;
  }

  private Uni<Integer> removeAll(SqlClient conn, Subscription s, List<LogRow> orphaned, long fork) {
    int epoch = s.reorgEpoch() + 1;
    List<LogRow> removals = new ArrayList<>(orphaned.size());
    for (LogRow row : orphaned) {
      removals.add(decoding.removal(s.id(), row, epoch));
    }
    long lastSeq = s.lastSeq() + removals.size();
    long next = Math.min(s.nextBlock(), fork + 1);
    return log.orphanAbove(conn, s.id(), fork)
        .chain(() -> log.append(conn, s.id(), s.lastSeq() + 1, removals))
        .chain(() -> subscriptions.rewind(conn, s.id(), epoch, lastSeq, next))
        .invoke(
            () ->
                progress.update(
                    s.id(),
                    s.startBlock(),
                    next - 1,
                    lastSeq,
                    s.status() == IngestStatus.COMPLETED ? IngestStatus.LIVE : s.status()))
        .replaceWith(removals.size());
  }
}
