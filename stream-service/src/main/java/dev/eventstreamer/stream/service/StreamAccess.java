package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.auth.ApiKeys;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.stream.client.SubscriptionAccessClient;
import dev.eventstreamer.stream.client.SubscriptionAccessClient.Access;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.ConnectionRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a caller's API key may use a subscription's stream routes, when API keys are on ({@code
 * stream.auth.enabled}): subscription-service decides (its keys, its subscribers); its answers are
 * kept for {@code stream.auth.cache-ttl} by the key's hash, so reconnects and acks do not each ask
 * it. A revoked key stops working within that time.
 */
@ApplicationScoped
public class StreamAccess {

  private static final int MAX_CACHED = 10_000;

  private record Cached(Access access, long expiresAt) {}

  private final boolean enabled;
  private final long ttlMillis;
  private final SubscriptionAccessClient subscriptions;
  private final ConnectionRepository connections;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  StreamAccess(
      StreamConfig config,
      SubscriptionAccessClient subscriptions,
      ConnectionRepository connections) {
    this.enabled = config.auth().enabled();
    this.ttlMillis = config.auth().cacheTtl().toMillis();
    this.subscriptions = subscriptions;
    this.connections = connections;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Lets {@code key} use subscription {@code subscriptionId}, or fails with the problem to answer:
   * 401 without a valid key, 404 "Subscription N not found" when its subscriber does not own it,
   * 503 when subscription-service cannot say.
   */
  public Uni<Void> check(Optional<String> key, long subscriptionId) {
    if (!enabled) {
      return Uni.createFrom().voidItem();
    }
    if (key.isEmpty()) {
      return Uni.createFrom()
          .failure(
              ProblemException.unauthorized(
                  "An API key is required: header Authorization: Bearer <key> or X-API-Key"
                      + " (on a stream's GET also ?"
                      + ApiKeys.QUERY_PARAMETER
                      + "=<key>)"));
    }
    return access(key.get(), subscriptionId)
        .map(
            access -> {
              switch (access) {
                case UNAUTHORIZED ->
                    throw ProblemException.unauthorized(
                        "The API key is not valid or has been revoked");
                case NOT_FOUND ->
                    throw ProblemException.notFound(
                        "Subscription " + subscriptionId + " not found");
                default -> {
                  return null;
                }
              }
            });
  }

  /**
   * As {@link #check} for the subscription of a connection; a connection that is unknown, or of a
   * subscription the key may not use, is 404 "Connection not found", as its routes answer.
   */
  public Uni<Void> checkConnection(Optional<String> key, String connectionId) {
    if (!enabled || key.isEmpty()) {
      return check(key, 0);
    }
    UUID id;
    try {
      id = UUID.fromString(connectionId);
    } catch (IllegalArgumentException e) {
      return connectionNotFound(connectionId);
    }
    return connections
        .find(id)
        .chain(
            found ->
                found.isEmpty()
                    ? connectionNotFound(connectionId)
                    : check(key, found.get().subscriptionId())
                        .onFailure(
                            f ->
                                f instanceof ProblemException p
                                    && p.kind() == ProblemException.Kind.NOT_FOUND)
                        .recoverWithUni(f -> connectionNotFound(connectionId)));
  }

  private static Uni<Void> connectionNotFound(String connectionId) {
    return Uni.createFrom()
        .failure(ProblemException.notFound("Connection not found: " + connectionId + " (404)"));
  }

  private Uni<Access> access(String key, long subscriptionId) {
    String cacheKey = ApiKeys.hash(key) + ":" + subscriptionId;
    Cached cached = cache.get(cacheKey);
    long now = System.currentTimeMillis();
    if (cached != null && cached.expiresAt() > now) {
      return Uni.createFrom().item(cached.access());
    }
    return subscriptions
        .access(subscriptionId, key)
        .invoke(
            access -> {
              if (cache.size() >= MAX_CACHED) {
                cache.clear();
              }
              cache.put(cacheKey, new Cached(access, now + ttlMillis));
            })
        .onFailure()
        .transform(
            failure -> {
              Log.warnf("API keys cannot be checked: subscription-service: %s", failure.toString());
              return ProblemException.serviceUnavailable(
                      "API keys cannot be checked now: subscription-service did not answer")
                  .with("retry_after", 5);
            });
  }
}
