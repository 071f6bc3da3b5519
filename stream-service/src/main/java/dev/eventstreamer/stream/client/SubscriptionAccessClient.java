package dev.eventstreamer.stream.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks subscription-service whether an API key may see a subscription, by reading it with that key:
 * subscription-service owns keys and subscribers, so its answer is the rule, not a copy of it.
 */
@ApplicationScoped
public class SubscriptionAccessClient {

  /** subscription-service's verdict. */
  public enum Access {
    /** The key is valid and its subscriber owns the subscription (or it is the admin key). */
    ALLOWED,
    /** No such key, or revoked (401). */
    UNAUTHORIZED,
    /** The subscription does not exist for this key's subscriber (404). */
    NOT_FOUND
  }

  private final SubscriptionApi subscriptions;

  SubscriptionAccessClient(@RestClient SubscriptionApi subscriptions) {
    this.subscriptions = subscriptions;
  }

  /**
   * The verdict for {@code apiKey} on {@code subscriptionId}; fails when subscription-service
   * cannot answer (unreachable, 5xx, another status).
   */
  public Uni<Access> access(long subscriptionId, String apiKey) {
    return subscriptions
        .one(subscriptionId, apiKey)
        .map(found -> Access.ALLOWED)
        .onFailure(WebApplicationException.class)
        .recoverWithUni(
            failure -> {
              int status = ((WebApplicationException) failure).getResponse().getStatus();
              if (status == 401) {
                return Uni.createFrom().item(Access.UNAUTHORIZED);
              }
              if (status == 404 || status == 403) {
                return Uni.createFrom().item(Access.NOT_FOUND);
              }
              return Uni.createFrom().failure(failure);
            });
  }
}
