package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.client.RegistryClient;
import dev.eventstreamer.stream.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The subscription a client's request names, as every stream-service route reads it: from the
 * projection, and when the projection does not have it, from subscription-service, whose create may
 * have returned to the client before its subscription-events message got here. What
 * subscription-service answers is stored in the projection (as its listing is at start), so
 * ingestion starts at once and the message, when it comes, changes nothing. A subscription that
 * does not exist there is not found at once; a deleted one is known deleted by the projection.
 */
@ApplicationScoped
public class SubscriptionLookup {

  private final SubscriptionRepository subscriptions;
  private final RegistryClient registry;
  private final SubscriptionProjection projection;

  SubscriptionLookup(
      SubscriptionRepository subscriptions,
      RegistryClient registry,
      SubscriptionProjection projection) {
    this.subscriptions = subscriptions;
    this.registry = registry;
    this.projection = projection;
  }

  /**
   * The subscription, deleted ones included (the caller answers them as not found); empty when it
   * does not exist. Fails with a 503 problem when the projection lacks it and subscription-service
   * cannot say.
   */
  public Uni<Optional<Subscription>> find(long id) {
    return subscriptions
        .find(id)
        .chain(found -> found.isPresent() ? Uni.createFrom().item(found) : fromOwner(id));
  }

  /** As {@link #find}, with deleted subscriptions as empty. */
  public Uni<Optional<Subscription>> findLive(long id) {
    return find(id).map(found -> found.filter(s -> !s.deleted()));
  }

  private Uni<Optional<Subscription>> fromOwner(long id) {
    return registry
        .subscription(id)
        .onFailure()
        .transform(
            failure -> {
              Log.warnf(
                  "Subscription %d is not in the projection and subscription-service did not"
                      + " answer for it: %s",
                  id, failure.toString());
              return ProblemException.serviceUnavailable(
                      "Subscription "
                          + id
                          + " cannot be looked up now: subscription-service did not answer")
                  .with("retry_after", 2);
            })
        .chain(
            listed -> {
              if (listed.isEmpty()) {
                return Uni.createFrom().item(Optional.<Subscription>empty());
              }
              Log.debugf("Subscription %d taken from subscription-service before its event", id);
              return projection.apply(listed.get()).chain(() -> subscriptions.find(id));
            });
  }
}
