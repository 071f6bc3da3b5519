package dev.eventstreamer.stream.rest;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.QueryIntegers;
import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.repository.EventLogRepository;
import dev.eventstreamer.stream.repository.LogRow;
import dev.eventstreamer.stream.service.SubscriptionLookup;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What ingestion put in a subscription's log, read-only: the last block in it (API.md), and the
 * events themselves a page at a time, for operators and for clients that would rather poll than
 * stream. Reading moves no cursor and acknowledges nothing.
 */
@Path("/subscriptions/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionLogResource {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final SubscriptionLookup subscriptions;
  private final EventLogRepository log;

  SubscriptionLogResource(SubscriptionLookup subscriptions, EventLogRepository log) {
    this.subscriptions = subscriptions;
    this.log = log;
  }

  /**
   * The last block whose logs are all in the log; 404 when the subscription is unknown (or on
   * another chain than {@code chain_id}) or no block is in yet.
   */
  @GET
  @Path("/last-processed-block")
  public Uni<LastProcessedBlock> lastProcessedBlock(
      @PathParam("id") String id, @QueryParam("chain_id") String chainId) {
    long subscriptionId = id(id);
    Long chain = chainId == null ? null : positive("chain_id", chainId);
    return subscription(subscriptionId)
        .map(
            s -> {
              if (chain != null && chain != s.chainId()) {
                throw notFound(subscriptionId);
              }
              Long last = lastProcessed(s);
              if (last == null) {
                throw ProblemException.notFound(
                    "Subscription " + subscriptionId + ": no block processed yet (404)");
              }
              return new LastProcessedBlock(last);
            });
  }

  /** Events after {@code after_seq} (default 0: from the start), at most {@code limit}. */
  @GET
  @Path("/events")
  public Uni<LogPage> events(
      @PathParam("id") String id,
      @QueryParam("after_seq") String afterSeq,
      @QueryParam("limit") String limit) {
    long subscriptionId = id(id);
    List<Violation> violations = new ArrayList<>();
    long after = afterSeq == null ? 0 : nonNegative("after_seq", afterSeq, violations);
    int size = QueryIntegers.from1To("limit", limit, DEFAULT_LIMIT, MAX_LIMIT, violations);
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
    return subscription(subscriptionId)
        .chain(
            s ->
                log.after(subscriptionId, after, size)
                    .map(
                        rows -> {
                          List<LogPage.Entry> events = new ArrayList<>(rows.size());
                          for (LogRow r : rows) {
                            events.add(
                                new LogPage.Entry(
                                    r.seq(),
                                    r.eventName(),
                                    new String(r.payload(), StandardCharsets.UTF_8)));
                          }
                          long next = rows.isEmpty() ? after : rows.get(rows.size() - 1).seq();
                          return new LogPage(
                              subscriptionId, s.status().value(), lastProcessed(s), events, next);
                        }));
  }

  private Uni<Subscription> subscription(long id) {
    return subscriptions
        .find(id)
        .map(
            found -> {
              if (found.isEmpty() || found.get().deleted()) {
                throw notFound(id);
              }
              return found.get();
            });
  }

  private static Long lastProcessed(Subscription s) {
    return s.nextBlock() > s.startBlock() ? s.nextBlock() - 1 : null;
  }

  private static ProblemException notFound(long id) {
    return ProblemException.notFound("Subscription " + id + " not found");
  }

  // Ids are positive; anything else names no subscription, which is what a client should read.
  static long id(String text) {
    return positive("id", text, true);
  }

  private static long positive(String name, String text) {
    return positive(name, text, false);
  }

  private static long positive(String name, String text, boolean path) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    Violation violation =
        path
            ? Violation.path(name, "must be a positive integer")
            : Violation.query(name, "must be a positive integer");
    throw ProblemException.badRequest(List.of(violation));
  }

  private static long nonNegative(String name, String text, List<Violation> violations) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    violations.add(Violation.query(name, "must be an integer >= 0"));
    return 0;
  }
}
