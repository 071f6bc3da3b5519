package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.repository.ViewRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Applies update requests to view items: {@code set}, {@code add} (exact decimals of any size),
 * {@code remove}, and {@code timestamp} as the inverse optimistic lock (an older event never
 * overwrites a newer item). {@code latched} and {@code deleted} in {@code set} are the item's
 * flags.
 */
@ApplicationScoped
public class ViewWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final StoreRepository store;
  private final ObjectMapper json;

  public ViewWriter(StoreRepository store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /**
   * Applies the update in the transaction of {@code client}; false when its timestamp condition
   * refused it (the stored item is as new or newer).
   */
  public Uni<Boolean> apply(SqlClient client, ViewUpdate update, RuleOutput output) {
    return apply(client, update, output, true);
  }

  private Uni<Boolean> apply(
      SqlClient client, ViewUpdate update, RuleOutput output, boolean retryInsert) {
    return store
        .viewForUpdate(client, update.pk(), update.sk())
        .chain(
            existing -> {
              if (existing.isPresent() && refused(existing.get(), update)) {
                output.note(new RuleEffect("skip", update.request()));
                return Uni.createFrom().item(false);
              }
              ViewRow next = merge(existing, update);
              Uni<Boolean> written =
                  existing.isPresent()
                      ? store.updateView(client, next).replaceWith(true)
                      : store.insertView(client, next);
              return written.chain(
                  ok -> {
                    if (!ok) {
                      // Another transaction stored the item first: apply to what it stored.
                      if (!retryInsert) {
                        throw new IllegalStateException(
                            "view "
                                + update.pk()
                                + "/"
                                + update.sk()
                                + " is neither there nor new");
                      }
                      return apply(client, update, output, false);
                    }
                    output.wrote(
                        Changes.of(
                            Changes.VIEWS,
                            existing.isPresent() ? "MODIFY" : "INSERT",
                            next.pk(),
                            next.sk(),
                            store.json(next),
                            existing.map(store::json).orElse(null),
                            false),
                        new RuleEffect("update", update.request()));
                    return Uni.createFrom().item(true);
                  });
            });
  }

  static boolean refused(ViewRow stored, ViewUpdate update) {
    return update.timestamp() != null
        && stored.timestamp() != null
        && stored.timestamp() >= update.timestamp();
  }

  private ViewRow merge(Optional<ViewRow> existing, ViewUpdate update) {
    ObjectNode data = existing.map(row -> row.data().deepCopy()).orElseGet(json::createObjectNode);
    boolean latched = existing.map(ViewRow::latched).orElse(false);
    boolean deleted = existing.map(ViewRow::deleted).orElse(false);
    for (Map.Entry<String, JsonNode> e : update.set().entrySet()) {
      switch (e.getKey()) {
        case "latched" -> latched = flag(e);
        case "deleted" -> deleted = flag(e);
        default -> data.set(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, ViewUpdate.Addend> e : update.add().entrySet()) {
      JsonNode current = data.get(e.getKey());
      BigDecimal base = ViewUpdate.decimal(current);
      if (base == null) {
        throw new UowFailure(
            "InvalidRequest",
            "add." + e.getKey() + ": the stored value " + current + " is no number");
      }
      BigDecimal sum = base.add(e.getValue().value());
      boolean asText = e.getValue().text() || (current != null && current.isTextual());
      data.set(e.getKey(), asText ? NODES.textNode(sum.toPlainString()) : number(sum));
    }
    update.remove().forEach(data::remove);
    Long timestamp =
        update.timestamp() != null
            ? update.timestamp()
            : existing.map(ViewRow::timestamp).orElse(null);
    String discriminator =
        update.discriminator() != null
            ? update.discriminator()
            : existing.map(ViewRow::discriminator).orElse(null);
    Long ttl = update.ttl() != null ? update.ttl() : existing.map(ViewRow::ttl).orElse(null);
    return new ViewRow(
        update.pk(), update.sk(), discriminator, data, timestamp, latched, deleted, ttl, null);
  }

  private static boolean flag(Map.Entry<String, JsonNode> e) {
    if (!e.getValue().isBoolean()) {
      throw new UowFailure(
          "InvalidRequest", "set." + e.getKey() + ": must be true or false, not " + e.getValue());
    }
    return e.getValue().booleanValue();
  }

  private static JsonNode number(BigDecimal value) {
    BigDecimal plain = value.stripTrailingZeros();
    return plain.scale() <= 0
        ? NODES.numberNode(plain.toBigIntegerExact())
        : NODES.numberNode(plain);
  }
}
