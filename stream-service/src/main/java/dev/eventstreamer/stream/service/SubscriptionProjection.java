package dev.eventstreamer.stream.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.EventData;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.cloudevents.InvalidEventException;
import dev.eventstreamer.common.messaging.ProcessedEvents;
import dev.eventstreamer.stream.IngestStatus;
import dev.eventstreamer.stream.Subscription;
import dev.eventstreamer.stream.repository.ConnectionRepository;
import dev.eventstreamer.stream.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps the subscription projection from subscription-events (and subscription-service's listing at
 * start): once per CloudEvent, never replacing a newer version (by subscription-service's {@code
 * updated_at}), never bringing back a deleted subscription.
 *
 * <p>A change after ingestion began applies from the subscription's next block on: new addresses,
 * topic0 or ABI are used from there (the log keeps what it has), a moved start block is ignored, a
 * moved chain is refused (logged); the end block applies at once. Before anything was ingested,
 * every field is taken as is.
 */
@ApplicationScoped
public class SubscriptionProjection {

  private static final Set<String> TYPES =
      Set.of(
          EventTypes.SUBSCRIPTION_CREATED,
          EventTypes.SUBSCRIPTION_UPDATED,
          EventTypes.SUBSCRIPTION_DELETED);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Pool pool;
  private final SubscriptionRepository subscriptions;
  private final IngestionSupervisor supervisor;
  private final EventDecoding decoding;

  SubscriptionProjection(
      Pool pool,
      SubscriptionRepository subscriptions,
      IngestionSupervisor supervisor,
      EventDecoding decoding) {
    this.pool = pool;
    this.subscriptions = subscriptions;
    this.supervisor = supervisor;
    this.decoding = decoding;
  }

  /** A subscription as subscription-service sent it, and when it changed there. */
  record Source(Subscription subscription, OffsetDateTime updatedAt) {}

  /** Applies one event; other types are ignored. */
  public Uni<Void> apply(EventEnvelope event) {
    if (!TYPES.contains(event.type())) {
      return Uni.createFrom().voidItem();
    }
    boolean deleted = EventTypes.SUBSCRIPTION_DELETED.equals(event.type());
    Source source = source(event.data(), deleted, EventData.describe(event));
    return pool.withTransaction(
            conn ->
                ProcessedEvents.markProcessed(conn, event)
                    .chain(fresh -> fresh ? store(conn, source) : Uni.createFrom().item(false)))
        .invoke(changed -> changed(source, changed))
        .replaceWithVoid();
  }

  /** Applies a subscription as subscription-service lists it (the rebuild at start). */
  public Uni<Boolean> apply(JsonNode listed) {
    Source source = source(listed, false, "listing");
    return pool.withTransaction(conn -> store(conn, source)).invoke(c -> changed(source, c));
  }

  private void changed(Source source, boolean changed) {
    if (changed) {
      if (source.subscription().deleted()) {
        decoding.forget(source.subscription().id());
      }
      supervisor.wake();
    }
  }

  private Uni<Boolean> store(SqlClient conn, Source source) {
    Subscription incoming = source.subscription();
    return subscriptions
        .lockVersioned(conn, incoming.id())
        .chain(
            stored -> {
              if (stored.isEmpty()) {
                return subscriptions.insert(conn, incoming, source.updatedAt()).replaceWith(true);
              }
              if (source.updatedAt().isBefore(stored.get().sourceUpdatedAt())) {
                Log.debugf(
                    "Subscription %d: ignoring a version older than the stored one", incoming.id());
                return Uni.createFrom().item(false);
              }
              Subscription merged = merge(stored.get().subscription(), incoming);
              if (merged == null) {
                return Uni.createFrom().item(false);
              }
              Uni<Void> updated = subscriptions.update(conn, merged, source.updatedAt());
              if (merged.deleted()) {
                // Its streams end, on whichever replica holds them, once this commits.
                updated =
                    updated.call(
                        () ->
                            conn.preparedQuery("select pg_notify($1, $2)")
                                .execute(
                                    Tuple.of(
                                        ConnectionRepository.CONTROL_CHANNEL,
                                        "stopped:" + merged.id())));
              }
              return updated.replaceWith(true);
            });
  }

  /** The stored subscription after a newer version came; null when nothing changes. */
  static Subscription merge(Subscription stored, Subscription incoming) {
    if (stored.deleted()) {
      return null;
    }
    if (incoming.deleted()) {
      return with(stored, true, IngestStatus.STOPPED, stored.nextBlock(), stored);
    }
    boolean untouched = stored.lastSeq() == 0 && stored.nextBlock() == stored.startBlock();
    if (untouched) {
      // The same subscription again (its event after the lookup stored it): a backfill that found
      // nothing and handed over to live stays live.
      if (sameFields(incoming, stored)) {
        return null;
      }
      Subscription fresh =
          with(incoming, false, IngestStatus.BACKFILLING, incoming.startBlock(), stored);
      return fresh.equals(stored) ? null : fresh;
    }
    long chainId = stored.chainId();
    if (incoming.chainId() != stored.chainId()) {
      Log.warnf(
          "Subscription %d moved from chain %d to %d after ingestion began; the move is ignored",
          stored.id(), stored.chainId(), incoming.chainId());
    }
    // The ABI as stored when it means the same (key order and spacing differ between the event and
    // the listing).
    String signature =
        sameJson(incoming.eventSignature(), stored.eventSignature())
            ? stored.eventSignature()
            : incoming.eventSignature();
    if (!incoming.topic0().equals(stored.topic0())
        || !incoming.addresses().equals(stored.addresses())
        || !signature.equals(stored.eventSignature())) {
      Log.warnf(
          "Subscription %d changed its filter after ingestion began; the new one applies from"
              + " block %d",
          stored.id(), stored.nextBlock());
    }
    IngestStatus status = stored.status();
    Long end = incoming.endBlock();
    if (status == IngestStatus.COMPLETED && (end == null || end >= stored.nextBlock())) {
      status = IngestStatus.BACKFILLING;
    } else if (status != IngestStatus.COMPLETED && end != null && end < stored.nextBlock()) {
      status = IngestStatus.COMPLETED;
    }
    Subscription updated =
        new Subscription(
            stored.id(),
            chainId,
            incoming.topic0(),
            signature,
            incoming.addresses(),
            stored.startBlock(),
            end,
            incoming.subscriberId(),
            false,
            status,
            stored.nextBlock(),
            stored.lastSeq(),
            stored.reorgEpoch());
    return updated.equals(stored) ? null : updated;
  }

  /** Whether two versions say the same subscription (ingestion state aside). */
  private static boolean sameFields(Subscription a, Subscription b) {
    return a.chainId() == b.chainId()
        && a.topic0().equals(b.topic0())
        && a.addresses().equals(b.addresses())
        && a.startBlock() == b.startBlock()
        && Objects.equals(a.endBlock(), b.endBlock())
        && a.subscriberId().equals(b.subscriberId())
        && sameJson(a.eventSignature(), b.eventSignature());
  }

  private static boolean sameJson(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return JSON.readTree(a).equals(JSON.readTree(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static Subscription with(
      Subscription fields,
      boolean deleted,
      IngestStatus status,
      long nextBlock,
      Subscription state) {
    return new Subscription(
        fields.id(),
        fields.chainId(),
        fields.topic0(),
        fields.eventSignature(),
        fields.addresses(),
        fields.startBlock(),
        fields.endBlock(),
        fields.subscriberId(),
        deleted,
        status,
        nextBlock,
        state.lastSeq(),
        state.reorgEpoch());
  }

  /** The subscription in a SubscriptionResponse (API.md). */
  static Source source(JsonNode data, boolean deleted, String what) {
    EventData.object(data, what);
    long id = EventData.requireLong(data, "id", what);
    long chainId = EventData.requireLong(data, "chain_id", what);
    long startBlock = EventData.requireLong(data, "start_block", what);
    Long endBlock = EventData.optionalLong(data, "end_block", what);
    String topic0 = EventData.requireText(data, "topic0", what).toLowerCase(Locale.ROOT);
    JsonNode signature = data.get("event_signature");
    if (signature == null || !signature.isObject()) {
      throw invalid(what, "event_signature must be an object");
    }
    List<String> addresses = new ArrayList<>();
    JsonNode list = data.get("addresses");
    if (list != null && list.isArray()) {
      for (JsonNode a : list) {
        if (!a.isTextual()) {
          throw invalid(what, "addresses must be strings");
        }
        String address = a.textValue().toLowerCase(Locale.ROOT);
        if (!addresses.contains(address)) {
          addresses.add(address);
        }
      }
    }
    String updatedAt = EventData.requireText(data, "updated_at", what);
    OffsetDateTime changed;
    try {
      changed = OffsetDateTime.parse(updatedAt);
    } catch (DateTimeParseException e) {
      throw invalid(what, "updated_at is not an ISO-8601 time: " + updatedAt);
    }
    Subscription s =
        new Subscription(
            id,
            chainId,
            topic0,
            signature.toString(),
            List.copyOf(addresses),
            startBlock,
            endBlock,
            Objects.requireNonNullElse(data.path("subscriber_id").textValue(), ""),
            deleted,
            deleted ? IngestStatus.STOPPED : IngestStatus.BACKFILLING,
            startBlock,
            0,
            0);
    return new Source(s, changed);
  }

  private static InvalidEventException invalid(String what, String why) {
    return new InvalidEventException(what + ": " + why);
  }
}
