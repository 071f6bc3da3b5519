package dev.eventstreamer.subscription.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventData;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.ProcessedEvents;
import dev.eventstreamer.subscription.repository.ChainRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Keeps the chain projection from chain-config-events: once per CloudEvent id, and only a newer
 * version of a chain replaces what is known.
 */
@ApplicationScoped
public class ChainProjectionService {

  private static final Set<String> TYPES =
      Set.of(EventTypes.CHAIN_CREATED, EventTypes.CHAIN_UPDATED, EventTypes.CHAIN_DEACTIVATED);

  private final Pool pool;
  private final ChainRepository chains;

  public ChainProjectionService(Pool pool, ChainRepository chains) {
    this.pool = pool;
    this.chains = chains;
  }

  /** Applies one event; other types on the channel are ignored. */
  public Uni<Void> apply(EventEnvelope event) {
    if (!TYPES.contains(event.type())) {
      return Uni.createFrom().voidItem();
    }
    JsonNode data = event.data();
    long chainId = EventData.requireLong(data, "chain_id", event);
    long version = EventData.requireLong(data, "version", event);
    boolean active = !EventTypes.CHAIN_DEACTIVATED.equals(event.type()) && isActive(data);
    return pool.withTransaction(
        conn ->
            ProcessedEvents.markProcessed(conn, event)
                .chain(
                    fresh ->
                        fresh
                            ? chains.apply(conn, chainId, active, version)
                            : Uni.createFrom().item(false))
                .invoke(
                    applied ->
                        Log.debugf(
                            "Chain %d version %d (active %s) from %s: %s",
                            chainId,
                            version,
                            active,
                            event.id(),
                            applied ? "applied" : "not newer, ignored"))
                .replaceWithVoid());
  }

  private static boolean isActive(JsonNode data) {
    JsonNode active = data.get("is_active");
    if (active != null && active.isBoolean()) {
      return active.booleanValue();
    }
    JsonNode status = data.get("status");
    return status != null && "active".equals(status.asText());
  }
}
