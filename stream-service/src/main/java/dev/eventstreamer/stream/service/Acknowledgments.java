package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.resume.ResumePosition;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.AckRepository;
import dev.eventstreamer.stream.repository.ConnectionRepository;
import dev.eventstreamer.stream.repository.EventLogRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Acks and client heartbeats on a connection, served by any replica: the connection is looked up in
 * the database, batch ids say their own events, and the committed cursor moves in one locked
 * transaction. Acks on a connection closed less than {@code ack-grace} ago are still taken (the
 * published client sends its last acks after it closed the stream).
 */
@ApplicationScoped
public class Acknowledgments {

  /** What an ack call did. */
  public record Result(
      List<String> acknowledged,
      List<String> failed,
      List<Long> newEvents,
      long totalNewEvents,
      String resumeToken) {}

  private final ConnectionRepository connections;
  private final AckRepository acks;
  private final StreamKeys keys;
  private final StreamHub hub;
  private final ProgressTracker progress;
  private final EventLogRepository log;
  private final Duration grace;

  Acknowledgments(
      ConnectionRepository connections,
      AckRepository acks,
      StreamKeys keys,
      StreamHub hub,
      ProgressTracker progress,
      EventLogRepository log,
      StreamConfig config) {
    this.connections = connections;
    this.progress = progress;
    this.log = log;
    this.acks = acks;
    this.keys = keys;
    this.hub = hub;
    this.grace = config.delivery().ackGrace();
  }

  /**
   * Acknowledges {@code batchIds} of subscription {@code subscriptionId} on a connection.
   *
   * @throws ProblemException 404 "Connection not found" (as a failed Uni) when the connection is
   *     unknown, of another subscription, or closed longer than the grace period ago
   */
  public Uni<Result> acknowledge(long subscriptionId, String connectionId, List<String> batchIds) {
    return connection(connectionId, subscriptionId, true)
        .chain(
            id -> {
              List<String> asked = new ArrayList<>();
              List<String> failed = new ArrayList<>();
              List<AckRepository.AckedRange> ranges = new ArrayList<>();
              for (String batchId : batchIds) {
                BatchIds.Range r = BatchIds.parse(keys, batchId, subscriptionId);
                if (r == null) {
                  failed.add(batchId);
                } else {
                  asked.add(batchId);
                  ResumePosition last = r.last();
                  ranges.add(
                      new AckRepository.AckedRange(
                          r.firstSeq(),
                          new AckRepository.Position(
                              last.sequence(), last.blockNumber(), last.logIndex())));
                }
              }
              return acks.acknowledge(subscriptionId, ranges)
                  .map(
                      outcome -> {
                        if (outcome.isEmpty()) {
                          throw notFound(connectionId);
                        }
                        AckRepository.Position cursor = outcome.get().cursor();
                        hub.acked(subscriptionId, cursor.seq());
                        long total = 0;
                        for (long n : outcome.get().newEvents()) {
                          total += n;
                        }
                        String token = token(subscriptionId, cursor);
                        delivered(subscriptionId, cursor.seq(), token);
                        return new Result(asked, failed, outcome.get().newEvents(), total, token);
                      })
                  .call(() -> connections.seen(id));
            });
  }

  /**
   * A stream opened with a resume token past the committed cursor: the client says it has every
   * event up to the token's position (it asks for what comes after, and will not read those again
   * there), so they count as acknowledged. The published client forgets the acks it had not sent
   * when its connection broke; without this, the cursor and {@code events_delivered} would stay
   * below them for good. Returns the committed cursor's seq after it.
   */
  public Uni<Long> acknowledgeUpTo(long subscriptionId, ResumePosition position, long cursorSeq) {
    if (position.sequence() <= cursorSeq) {
      return Uni.createFrom().item(cursorSeq);
    }
    AckRepository.AckedRange range =
        new AckRepository.AckedRange(
            cursorSeq + 1,
            new AckRepository.Position(
                position.sequence(), position.blockNumber(), position.logIndex()));
    return acks.acknowledge(subscriptionId, List.of(range))
        .map(
            outcome -> {
              if (outcome.isEmpty()) {
                return cursorSeq;
              }
              AckRepository.Position cursor = outcome.get().cursor();
              hub.acked(subscriptionId, cursor.seq());
              delivered(subscriptionId, cursor.seq(), token(subscriptionId, cursor));
              return cursor.seq();
            });
  }

  /**
   * Reports the committed cursor as progress, with the id of the event it is at (looked up on the
   * side: the ack's answer does not wait for it).
   */
  private void delivered(long subscriptionId, long seq, String token) {
    // Seqs are gapless from 1: the cursor's is the count acknowledged.
    if (seq == 0) {
      progress.delivered(subscriptionId, 0, token, null);
      return;
    }
    log.eventIdAt(subscriptionId, seq)
        .subscribe()
        .with(
            id -> progress.delivered(subscriptionId, seq, token, id.orElse(null)),
            failure -> progress.delivered(subscriptionId, seq, token, null));
  }

  /** A client heartbeat: the connection is alive. 404 as for acks, but only while it is open. */
  public Uni<UUID> heartbeat(String connectionId) {
    return connection(connectionId, -1, false).call(connections::seen);
  }

  /** The resume token of a subscription's committed cursor. */
  public String token(long subscriptionId, AckRepository.Position cursor) {
    return keys.tokens()
        .issue(new ResumePosition(subscriptionId, cursor.seq(), cursor.block(), cursor.logIndex()));
  }

  private Uni<UUID> connection(String text, long subscriptionId, boolean graceAfterClose) {
    UUID id;
    try {
      id = UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().failure(notFound(text));
    }
    return connections
        .find(id)
        .map(
            found -> {
              if (found.isEmpty()
                  || subscriptionId >= 0 && found.get().subscriptionId() != subscriptionId) {
                throw notFound(text);
              }
              OffsetDateTime closed = found.get().closedAt();
              if (closed != null
                  && (!graceAfterClose || closed.isBefore(OffsetDateTime.now().minus(grace)))) {
                throw notFound(text);
              }
              return id;
            });
  }

  private static ProblemException notFound(String connectionId) {
    return ProblemException.notFound("Connection not found: " + connectionId + " (404)");
  }
}
