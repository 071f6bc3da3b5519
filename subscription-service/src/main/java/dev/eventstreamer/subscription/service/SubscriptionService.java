package dev.eventstreamer.subscription.service;

import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxEvent;
import dev.eventstreamer.common.outbox.OutboxSessions;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.subscription.SubscriptionListResponse;
import dev.eventstreamer.subscription.SubscriptionResponse;
import dev.eventstreamer.subscription.repository.Subscription;
import dev.eventstreamer.subscription.repository.SubscriptionDefaults;
import dev.eventstreamer.subscription.repository.SubscriptionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Subscription CRUD. Every write stores its CloudEvent in the outbox in the same transaction, so a
 * change is published exactly when it commits.
 */
@ApplicationScoped
public class SubscriptionService {

  private final SubscriptionRepository repository;
  private final SubscriptionMapper mapper;
  private final SubscriptionRequests requests;
  private final ChainCheck chainCheck;

  public SubscriptionService(
      SubscriptionRepository repository,
      SubscriptionMapper mapper,
      SubscriptionRequests requests,
      ChainCheck chainCheck) {
    this.repository = repository;
    this.mapper = mapper;
    this.requests = requests;
    this.chainCheck = chainCheck;
  }

  /** Stores a checked definition once its chain is known to be active. */
  public Uni<SubscriptionResponse> create(SubscriptionDraft draft) {
    // The chain lookup may go over the network: never inside the transaction.
    return chainCheck
        .requireActive(draft.chainId())
        .chain(
            () ->
                Panache.withTransaction(
                    () -> {
                      Subscription s = new Subscription();
                      mapper.write(draft, s);
                      s.streamingStatus = SubscriptionDefaults.IDLE;
                      s.createdAt = now();
                      s.updatedAt = s.createdAt;
                      return repository
                          .persistAndFlush(s)
                          .chain(() -> publish(EventTypes.SUBSCRIPTION_CREATED, s));
                    }));
  }

  /** One page, ordered by id. */
  public Uni<SubscriptionListResponse> list(String subscriberId, int page, int pageSize) {
    // One session runs one query at a time: count, then the page.
    return Panache.withSession(
        () ->
            repository
                .total(subscriberId)
                .chain(
                    total ->
                        repository
                            .page(subscriberId, page, pageSize)
                            .map(
                                rows ->
                                    new SubscriptionListResponse(
                                        rows.stream().map(mapper::response).toList(),
                                        total,
                                        page,
                                        pageSize))));
  }

  /** The subscription; another subscriber's answers 404 exactly as a missing one does. */
  public Uni<SubscriptionResponse> get(long id, String subscriberId) {
    return Panache.withSession(
        () ->
            repository
                .findById(id)
                .map(
                    s -> {
                      if (!visible(s, subscriberId)) {
                        throw notFound(id);
                      }
                      return mapper.response(s);
                    }));
  }

  /**
   * Applies the fields a PUT sent; {@code owner}, when given, must own the subscription (else 404,
   * as if it did not exist).
   */
  public Uni<SubscriptionResponse> update(long id, SubscriptionPatch patch, String owner) {
    return checkNewChain(id, patch, owner)
        .chain(
            () ->
                Panache.withTransaction(
                    () ->
                        repository
                            .findForUpdate(id)
                            .chain(
                                s -> {
                                  if (!visible(s, owner)) {
                                    throw notFound(id);
                                  }
                                  apply(s, patch);
                                  return repository
                                      .flush()
                                      .chain(() -> publish(EventTypes.SUBSCRIPTION_UPDATED, s));
                                })));
  }

  /**
   * Deletes it (if {@code owner}, when given, owns it); the deleted event carries its last state.
   */
  public Uni<Void> delete(long id, String owner) {
    return Panache.withTransaction(
        () ->
            repository
                .findForUpdate(id)
                .chain(
                    s -> {
                      if (!visible(s, owner)) {
                        throw notFound(id);
                      }
                      return repository
                          .delete(s)
                          .chain(() -> publish(EventTypes.SUBSCRIPTION_DELETED, s))
                          .replaceWithVoid();
                    }));
  }

  // A chain_id that differs from the stored one must name an active chain; checked before the
  // transaction, like a create, because it may ask chain-config-service.
  private Uni<Void> checkNewChain(long id, SubscriptionPatch patch, String owner) {
    if (patch.chainId() == null) {
      return Uni.createFrom().voidItem();
    }
    return Panache.withSession(() -> repository.findById(id))
        .chain(
            s -> {
              if (!visible(s, owner)) {
                return Uni.createFrom().failure(notFound(id));
              }
              return s.chainId == patch.chainId()
                  ? Uni.createFrom().voidItem()
                  : chainCheck.requireActive(patch.chainId());
            });
  }

  private void apply(Subscription s, SubscriptionPatch patch) {
    SubscriptionDraft current = mapper.draft(s);
    SubscriptionDraft next = requests.merge(current, patch);
    List<String> changed = patch.changedDefinition(current, next);
    if (s.streamingStarted() && !changed.isEmpty()) {
      throw ProblemException.conflict(
          "Subscription "
              + s.id
              + " has started streaming (is_streaming "
              + s.streaming
              + ", streaming_status "
              + s.streamingStatus
              + "): "
              + String.join(", ", changed)
              + " cannot"
              + " change any more; create a new subscription instead");
    }
    mapper.write(next, s);
    if (patch.streaming != null) {
      s.streaming = patch.streaming;
    }
    if (patch.streamingStatus != null) {
      s.streamingStatus = patch.streamingStatus;
    }
    s.updatedAt = now();
  }

  private Uni<SubscriptionResponse> publish(String type, Subscription s) {
    SubscriptionResponse response = mapper.response(s);
    OutboxEvent event =
        OutboxEvent.builder()
            .channel(Channels.SUBSCRIPTION_EVENTS)
            .key(Long.toString(s.id))
            .type(type)
            .source(EventSources.SUBSCRIPTION_SERVICE)
            .subject(Long.toString(s.id))
            .data(mapper.json(response))
            .build();
    return Panache.getSession()
        .chain(session -> OutboxSessions.append(session, event))
        .replaceWith(response);
  }

  // Another subscriber's subscription answers exactly like a missing one.
  private static boolean visible(Subscription s, String owner) {
    return s != null && (owner == null || owner.equals(s.subscriberId));
  }

  /** The 404 of a subscription that does not exist for the caller. */
  public static ProblemException notFound(long id) {
    return ProblemException.notFound("Subscription " + id + " not found");
  }

  // The API shows milliseconds; storing exactly that keeps a re-read equal to the answer.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
