package dev.eventstreamer.stream.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.stream.config.StreamConfig;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads what the owners of chains and subscriptions list, to rebuild the projections at start
 * (events older than the broker's retention are gone; the owners' listings are not), and one
 * subscription the projection does not have yet.
 */
@ApplicationScoped
public class RegistryClient {

  /** Page size of subscription-service's listing (its maximum). */
  static final int PAGE_SIZE = 100;

  private final ChainConfigApi chains;
  private final SubscriptionApi subscriptions;
  private final String apiKey;
  private final String chainConfigKey;

  RegistryClient(
      @RestClient ChainConfigApi chains,
      @RestClient SubscriptionApi subscriptions,
      StreamConfig config) {
    this.chains = chains;
    this.subscriptions = subscriptions;
    this.apiKey = config.subscriptionService().apiKey().orElse(null);
    this.chainConfigKey = config.chainConfig().apiKey().orElse(null);
  }

  /** Every chain chain-config-service has, deactivated ones too. */
  @AsynchronousNonBlocking
  @Timeout(10_000)
  @Retry(maxRetries = 3, delay = 500, jitter = 200)
  public Uni<List<JsonNode>> chains() {
    return chains
        .chains(true, chainConfigKey)
        .map(
            body -> {
              List<JsonNode> list = new ArrayList<>();
              body.path("chains").forEach(list::add);
              return list;
            });
  }

  /** One page (1-based) of every subscription, and the total. */
  @AsynchronousNonBlocking
  @Timeout(10_000)
  @Retry(maxRetries = 3, delay = 500, jitter = 200)
  public Uni<JsonNode> subscriptions(int page) {
    return subscriptions.page(page, PAGE_SIZE, apiKey);
  }

  /**
   * The subscription as subscription-service has it now; empty when it does not exist there (or was
   * deleted). Fails when subscription-service cannot say (unreachable, 5xx, or a 401 when it asks
   * for keys and none is configured here).
   */
  @AsynchronousNonBlocking
  @Timeout(5_000)
  public Uni<Optional<JsonNode>> subscription(long id) {
    return subscriptions
        .one(id, apiKey)
        .map(Optional::of)
        .onFailure(
            f -> f instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
        .recoverWithItem(Optional.empty());
  }
}
