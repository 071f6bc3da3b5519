package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.abi.AbiException;
import dev.eventstreamer.common.abi.LogDecoder;
import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.client.ChainLog;
import dev.eventstreamer.stream.repository.EventLogRepository;
import dev.eventstreamer.stream.repository.LogRow;
import dev.eventstreamer.stream.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a subscription's logs of a block range into events of its log and appends them, moving its
 * ingestion past the range, in one transaction, and only if nobody moved it since the caller read
 * it: two workers (or a worker and a reorg) can never both append a range, and a crash leaves
 * either all of it or none. Decoding is separate from appending, so it can run ahead of the
 * appends, which go in order.
 */
@ApplicationScoped
public class LogAppender {

  /** A range's events, decoded, and how many logs did not fit the event ABI. */
  public record Decoded(List<LogRow> rows, int undecodable) {}

  /** How an append ended. */
  public record Appended(boolean applied, int events, long lastSeq, IngestStatus status) {
    static final Appended STALE = new Appended(false, 0, 0, null);
  }

  private final Pool pool;
  private final SubscriptionRepository subscriptions;
  private final EventLogRepository log;
  private final EventDecoding decoding;
  private final IngestMetrics metrics;

  LogAppender(
      Pool pool,
      SubscriptionRepository subscriptions,
      EventLogRepository log,
      EventDecoding decoding,
      IngestMetrics metrics) {
    this.pool = pool;
    this.subscriptions = subscriptions;
    this.log = log;
    this.decoding = decoding;
    this.metrics = metrics;
  }

  /**
   * Decodes {@code logs}, the subscription's logs of a range in order; a log that does not fit the
   * event ABI is counted and left out (with a warning naming it).
   *
   * @param blockTimes block time in seconds by block number, for every log's block
   */
  public Decoded decode(Subscription s, List<ChainLog> logs, Map<Long, Long> blockTimes) {
    LogDecoder decoder;
    try {
      decoder = decoding.decoder(s);
    } catch (AbiException e) {
      throw new IngestException("subscription " + s.id() + " has an unusable ABI: " + e);
    }
    List<LogRow> rows = new ArrayList<>(logs.size());
    int skipped = 0;
    for (ChainLog l : logs) {
      try {
        rows.add(
            decoding.row(s, decoder, l, blockTimes.get(l.blockNumber()), false, s.reorgEpoch()));
      } catch (AbiException e) {
        skipped++;
        Log.warnf(
            "Subscription %d: log %d of block %d (%s) does not fit %s, left out: %s",
            s.id(), l.logIndex(), l.blockNumber(), l.transactionHash(), decoder.event().name(), e);
      }
    }
    return new Decoded(rows, skipped);
  }

  /**
   * Appends {@code decoded}, the events of blocks {@code s.nextBlock()..to}, after the
   * subscription's last event; nothing when the subscription moved since {@code s} was read.
   *
   * @param status the status once appended (completed anyway when the end block is reached)
   */
  public Uni<Appended> append(Subscription s, long to, Decoded decoded, IngestStatus status) {
    List<LogRow> rows = decoded.rows();
    long lastSeq = s.lastSeq() + rows.size();
    IngestStatus after =
        s.endBlock() != null && to >= s.endBlock() ? IngestStatus.COMPLETED : status;
    return pool.withTransaction(
            conn ->
                subscriptions
                    .advance(conn, s.id(), s.nextBlock(), s.reorgEpoch(), to + 1, lastSeq, after)
                    .chain(
                        moved -> {
                          if (!moved) {
                            return Uni.createFrom().item(Appended.STALE);
                          }
                          return log.append(conn, s.id(), s.lastSeq() + 1, rows)
                              .replaceWith(new Appended(true, rows.size(), lastSeq, after));
                        }))
        .invoke(
            a -> {
              if (a.applied()) {
                metrics.appended(s, rows.size(), decoded.undecodable(), to - s.nextBlock() + 1);
              }
            });
  }
}
