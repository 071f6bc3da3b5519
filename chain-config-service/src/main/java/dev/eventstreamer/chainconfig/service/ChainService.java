package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.repository.Chain;
import dev.eventstreamer.chainconfig.repository.ChainRepository;
import dev.eventstreamer.chainconfig.service.ChainWrite.Outcome;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.outbox.OutboxSessions;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.JDBCException;

/**
 * The chain registry: reads, and writes that commit together with their chain-config-event. Writers
 * of one chain lock its row first, so that chain's events leave in version order.
 */
@ApplicationScoped
public class ChainService {

  // PostgreSQL's SQLSTATE for a unique constraint violation.
  private static final String UNIQUE_VIOLATION = "23505";

  private final ChainRepository chains;
  private final ChainValidator validator;
  private final ChainEvents events;
  private final Event<ChainsChanged> changed;

  public ChainService(
      ChainRepository chains,
      ChainValidator validator,
      ChainEvents events,
      Event<ChainsChanged> changed) {
    this.chains = chains;
    this.validator = validator;
    this.events = events;
    this.changed = changed;
  }

  /** Every chain by ascending id; deactivated ones only if asked for. */
  public Uni<List<ChainView>> list(boolean includeInactive) {
    return Panache.withSession(
        () -> chains.list(includeInactive).map(list -> list.stream().map(ChainView::of).toList()));
  }

  /** The chain, active or not. */
  public Uni<ChainView> get(long chainId) {
    return Panache.withSession(
        () ->
            chains
                .findById(chainId)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(chainId))
                .map(ChainView::of));
  }

  /**
   * Registers a chain (POST): defaults fill what {@code c} does not send. An active chain of that
   * id is a conflict; a deactivated one comes back with the new settings.
   */
  public Uni<ChainWrite> create(ChainChanges c) {
    return unlessInvalid(
        validator.forCreate(c),
        () ->
            afterCommit(
                Panache.withTransaction(
                        () ->
                            chains
                                .findForUpdate(c.chainId())
                                .chain(
                                    existing -> {
                                      if (existing == null) {
                                        return insert(c);
                                      }
                                      if (existing.active) {
                                        return Uni.createFrom().failure(alreadyExists(c.chainId()));
                                      }
                                      return reactivate(existing, c);
                                    }))
                    .onFailure(ChainService::isDuplicate)
                    .transform(e -> alreadyExists(c.chainId()))));
  }

  /** Registers a chain unless one with its id exists, active or not (seeding). */
  public Uni<Optional<ChainWrite>> createIfAbsent(ChainChanges c) {
    return unlessInvalid(validator.forCreate(c), () -> insertIfAbsent(c));
  }

  private Uni<Optional<ChainWrite>> insertIfAbsent(ChainChanges c) {
    return afterCommit(
            Panache.withTransaction(
                    () ->
                        chains
                            .findForUpdate(c.chainId())
                            .chain(
                                existing ->
                                    existing == null
                                        ? insert(c)
                                        : Uni.createFrom().<ChainWrite>nullItem()))
                // Another replica seeded it at the same moment.
                .onFailure(ChainService::isDuplicate)
                .recoverWithNull())
        .map(Optional::ofNullable);
  }

  /** Applies what {@code c} sends to chain {@code chainId} (PUT); the rest is kept. */
  public Uni<ChainWrite> update(long chainId, ChainChanges c) {
    return unlessInvalid(
        validator.forUpdate(chainId, c),
        () ->
            changeExisting(
                chainId,
                chain -> {
                  ChainSettings current = ChainSettings.of(chain);
                  ChainSettings next = current.merge(c);
                  require(validator.forSettings(next));
                  if (next.equals(current)) {
                    return Uni.createFrom()
                        .item(new ChainWrite(Outcome.UNCHANGED, ChainView.of(chain)));
                  }
                  next.applyTo(chain);
                  return save(chain, Outcome.UPDATED, EventTypes.CHAIN_UPDATED);
                }));
  }

  /** Deactivates chain {@code chainId} (DELETE); the row stays for a later POST. */
  public Uni<ChainWrite> deactivate(long chainId) {
    return changeExisting(
        chainId,
        chain -> {
          if (!chain.active) {
            return Uni.createFrom()
                .item(new ChainWrite(Outcome.ALREADY_INACTIVE, ChainView.of(chain)));
          }
          chain.active = false;
          return save(chain, Outcome.DEACTIVATED, EventTypes.CHAIN_DEACTIVATED);
        });
  }

  // Locks the chain's row (404 without one), applies change and fires ChainsChanged after commit.
  private Uni<ChainWrite> changeExisting(long chainId, Function<Chain, Uni<ChainWrite>> change) {
    return afterCommit(
        Panache.withTransaction(
            () ->
                chains
                    .findForUpdate(chainId)
                    .onItem()
                    .ifNull()
                    .failWith(() -> notFound(chainId))
                    .chain(chain -> change.apply(chain))));
  }

  private static <T> Uni<T> unlessInvalid(List<Violation> violations, Supplier<Uni<T>> write) {
    return violations.isEmpty()
        ? write.get()
        : Uni.createFrom().failure(ProblemException.badRequest(violations));
  }

  private Uni<ChainWrite> insert(ChainChanges c) {
    ChainSettings settings = ChainSettings.create(c, List.of(), null);
    require(validator.forSettings(settings));
    Chain chain = new Chain();
    chain.chainId = c.chainId();
    settings.applyTo(chain);
    chain.active = true;
    chain.version = 1;
    chain.createdAt = now();
    chain.updatedAt = chain.createdAt;
    ChainWrite write = new ChainWrite(Outcome.CREATED, ChainView.of(chain));
    return chains
        .persistAndFlush(chain)
        .chain(() -> append(EventTypes.CHAIN_CREATED, write.chain()))
        .replaceWith(write);
  }

  // A comeback is announced as created: consumers that dropped the chain take it up again.
  private Uni<ChainWrite> reactivate(Chain chain, ChainChanges c) {
    ChainSettings settings =
        ChainSettings.create(c, Arrays.asList(chain.rpcUrls), chain.websocketUrl);
    require(validator.forSettings(settings));
    settings.applyTo(chain);
    chain.active = true;
    return save(chain, Outcome.REACTIVATED, EventTypes.CHAIN_CREATED);
  }

  private Uni<ChainWrite> save(Chain chain, Outcome outcome, String eventType) {
    chain.version++;
    chain.updatedAt = now();
    ChainWrite write = new ChainWrite(outcome, ChainView.of(chain));
    return chains.flush().chain(() -> append(eventType, write.chain())).replaceWith(write);
  }

  private Uni<Void> append(String type, ChainView chain) {
    return Panache.getSession()
        .chain(session -> OutboxSessions.append(session, events.event(type, chain)));
  }

  // Once committed, the gateway reloads that chain's endpoints; it does not hold up the answer.
  private Uni<ChainWrite> afterCommit(Uni<ChainWrite> write) {
    return write.invoke(
        done -> {
          if (done == null
              || done.outcome() == Outcome.UNCHANGED
              || done.outcome() == Outcome.ALREADY_INACTIVE) {
            return;
          }
          long id = done.chain().chainId();
          changed
              .fireAsync(ChainsChanged.chain(id))
              .whenComplete(
                  (event, failure) -> {
                    if (failure != null) {
                      Log.warnf(failure, "Reloading chain %d after its change failed", id);
                    }
                  });
        });
  }

  private static void require(List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw ProblemException.badRequest(violations);
    }
  }

  private static ProblemException alreadyExists(long chainId) {
    return ProblemException.conflict("Chain " + chainId + " already exists; PUT changes it");
  }

  // Two first registrations of one chain: the loser's insert meets the winner's row.
  private static boolean isDuplicate(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String state =
          t instanceof JDBCException jdbc
              ? jdbc.getSQLState()
              : t instanceof SQLException sql
                  ? sql.getSQLState()
                  : t instanceof PgException pg ? pg.getSqlState() : null;
      if (UNIQUE_VIOLATION.equals(state)) {
        return true;
      }
    }
    return false;
  }

  private static ProblemException notFound(long chainId) {
    return ProblemException.notFound("Chain " + chainId + " not found");
  }

  // The column keeps microseconds; the API shows milliseconds: store what is shown.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
