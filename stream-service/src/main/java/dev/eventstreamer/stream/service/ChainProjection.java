package dev.eventstreamer.stream.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.EventData;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.ProcessedEvents;
import dev.eventstreamer.stream.Chain;
import dev.eventstreamer.stream.repository.ChainRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Keeps the chain projection from chain-config-events (and chain-config-service's listing at
 * start): once per CloudEvent, and only a newer version of a chain replaces what is known.
 */
@ApplicationScoped
public class ChainProjection {

  private static final Set<String> TYPES =
      Set.of(EventTypes.CHAIN_CREATED, EventTypes.CHAIN_UPDATED, EventTypes.CHAIN_DEACTIVATED);

  private final Pool pool;
  private final ChainRepository chains;
  private final IngestionSupervisor supervisor;

  ChainProjection(Pool pool, ChainRepository chains, IngestionSupervisor supervisor) {
    this.pool = pool;
    this.chains = chains;
    this.supervisor = supervisor;
  }

  /** Applies one event; other types are ignored. */
  public Uni<Void> apply(EventEnvelope event) {
    if (!TYPES.contains(event.type())) {
      return Uni.createFrom().voidItem();
    }
    Chain chain =
        chain(
            event.data(),
            EventTypes.CHAIN_DEACTIVATED.equals(event.type()),
            EventData.describe(event));
    return pool.withTransaction(
            conn ->
                ProcessedEvents.markProcessed(conn, event)
                    .chain(
                        fresh -> fresh ? chains.apply(conn, chain) : Uni.createFrom().item(false)))
        .invoke(applied -> changed(chain, applied, event.id()))
        .replaceWithVoid();
  }

  /** Applies a chain as chain-config-service lists it (the projection's rebuild at start). */
  public Uni<Void> apply(JsonNode listed) {
    Chain chain = chain(listed, false, "listing");
    return pool.withTransaction(conn -> chains.apply(conn, chain))
        .invoke(applied -> changed(chain, applied, "listing"))
        .replaceWithVoid();
  }

  private void changed(Chain chain, boolean applied, String from) {
    Log.debugf(
        "Chain %d version %d from %s: %s",
        chain.chainId(), chain.version(), from, applied ? "applied" : "not newer, ignored");
    if (applied) {
      supervisor.wake();
    }
  }

  /** The chain in a chain object of chain-config-service (API.md, both spellings). */
  static Chain chain(JsonNode data, boolean deactivated, String what) {
    long chainId = EventData.requireLong(data, "chain_id", what);
    long version = EventData.requireLong(data, "version", what);
    boolean active = !deactivated && active(data);
    double blockTime = data.path("average_block_time").asDouble(12.0);
    int confirmations = data.path("confirmation_blocks").asInt(12);
    int maxRange =
        data.hasNonNull("historical_max_chunk_size")
            ? data.get("historical_max_chunk_size").asInt()
            : data.path("max_blocks_per_request").asInt(10_000);
    int concurrent = data.path("historical_max_concurrent").asInt(5);
    return new Chain(
        chainId,
        data.path("name").asText(""),
        active,
        Math.max(0, confirmations),
        Math.max(1, Math.round(blockTime * 1000)),
        Math.max(1, maxRange),
        Math.max(1, concurrent),
        !data.path("live_websocket_url").asText("").isBlank(),
        version);
  }

  private static boolean active(JsonNode data) {
    JsonNode active = data.get("is_active");
    if (active != null && active.isBoolean()) {
      return active.booleanValue();
    }
    return "active".equals(data.path("status").asText());
  }
}
