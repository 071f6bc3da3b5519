package dev.eventstreamer.rules.service.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.repository.EventRow;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.service.RuleRun;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * evaluate: on each new collected event or correlation, a rule whose suffix is the row's (none for
 * none) evaluates its {@code expression} over the events correlated with it ({@code correlated},
 * oldest first, the new one included) and emits when it holds; without an expression, every
 * matching insert emits. The emitted id is {@code <change id>.<rule id>}, its partition key the
 * correlation key without the suffix.
 */
@ApplicationScoped
public class EvaluateFlavor implements FlavorRunner {

  private final StoreRepository store;

  public EvaluateFlavor(StoreRepository store) {
    this.store = store;
  }

  @Override
  public Flavor flavor() {
    return Flavor.EVALUATE;
  }

  @Override
  public boolean onChanges() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    Change change = Change.of(run.trigger());
    if (!change.isEvents() || !change.isInsert()) {
      return null;
    }
    JsonNode row = change.newImage();
    boolean correlation = EventRow.CORREL.equals(row.path("discriminator").asText());
    if (!correlation && !EventRow.EVENT.equals(row.path("sk").asText())) {
      return null;
    }
    String suffix = row.path("suffix").isTextual() ? row.get("suffix").asText() : null;
    String ruleSuffix =
        run.rule().field("correlation_key_suffix").map(JsonNode::asText).orElse(null);
    if (!Objects.equals(suffix, ruleSuffix)) {
      return null;
    }
    Map<String, Object> event = Change.storedEvent(row);
    String correlationKey = correlation ? change.pk() : row.path("data").asText();
    // The rows of its key up to this one, as they were when it was inserted.
    long seq = row.path("seq").asLong(Long.MAX_VALUE);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("id", change.id());
    meta.put("pk", change.pk());
    meta.put("correlation_key", correlationKey);
    meta.put("suffix", suffix);
    meta.put("correlation", correlation);
    meta.put("seq", seq);
    Map<String, Object> uow = run.uow();
    uow.put("event", event);
    uow.put("meta", meta);
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    Change change = Change.of(run.trigger());
    Map<String, Object> event = (Map<String, Object>) uow.get("event");
    Map<String, Object> meta = (Map<String, Object>) uow.get("meta");
    boolean correlation = (Boolean) meta.get("correlation");
    String suffix = (String) meta.get("suffix");
    String correlationKey = (String) meta.get("correlation_key");
    long seq = ((Number) meta.get("seq")).longValue();
    Uni<Void> correlated =
        !run.rule().has("expression")
            ? Uni.createFrom().voidItem()
            : (correlation
                    ? store.correlationsOf(run.client(), change.pk(), seq)
                    : store.collectedUnder(run.client(), correlationKey, seq))
                .invoke(rows -> uow.put("correlated", events(rows)))
                .replaceWithVoid();
    return correlated.invoke(
        () -> {
          List<Map<String, Object>> triggers = Triggers.of(run, uow, event);
          if (triggers.isEmpty()) {
            return;
          }
          Map<String, Object> base = new LinkedHashMap<>(event);
          base.put(
              "partition_key",
              suffix == null ? correlationKey : correlationKey.replace("." + suffix, ""));
          base.put("tags", mergedTags(triggers));
          Steps.emit(run, uow, base, triggers, change.id() + "." + run.rule().id());
        });
  }

  private static List<Object> events(List<EventRow> rows) {
    List<Object> events = new ArrayList<>(rows.size());
    rows.forEach(r -> events.add(Change.plainEvent(r.event())));
    return events;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mergedTags(List<Map<String, Object>> triggers) {
    Map<String, Object> tags = new LinkedHashMap<>();
    for (Map<String, Object> trigger : triggers) {
      if (trigger.get("tags") instanceof Map<?, ?> t) {
        tags.putAll((Map<String, Object>) t);
      }
    }
    tags.remove("source");
    tags.remove("region");
    return tags;
  }
}
