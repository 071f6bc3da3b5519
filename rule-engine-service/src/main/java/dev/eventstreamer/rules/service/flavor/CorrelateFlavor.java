package dev.eventstreamer.rules.service.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.repository.EventRow;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleRun;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * correlate: each newly collected event is stored again under {@code correlation_key} (plus {@code
 * .suffix}), sk the event id, discriminator {@code CORREL}; its ttl is the rule's from the event's
 * time, else the collected one's.
 */
@ApplicationScoped
public class CorrelateFlavor implements FlavorRunner {

  private final StoreRepository store;

  public CorrelateFlavor(StoreRepository store) {
    this.store = store;
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public Flavor flavor() {
    return Flavor.CORRELATE;
  }

  @Override
  public boolean onChanges() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    Change change = Change.of(run.trigger());
    if (!change.isCollectedEvent()) {
      return null;
    }
    JsonNode collected = change.newImage();
    Map<String, Object> event = Change.storedEvent(collected);
    Map<String, Object> uow = run.uow();
    uow.put("event", event);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("ttl", JsonValues.toPlain(collected.path("ttl")));
    meta.put("data", JsonValues.toPlain(collected.path("data")));
    uow.put("meta", meta);
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    Change change = Change.of(run.trigger());
    JsonNode collected = change.newImage();
    Map<String, Object> event = (Map<String, Object>) uow.get("event");
    String key = Steps.text(run.rule().evaluate("correlation_key", uow), "correlation_key");
    String suffix = run.rule().field("correlation_key_suffix").map(JsonNode::asText).orElse(null);
    long timestamp = event.get("timestamp") instanceof Number n ? n.longValue() : change.at();
    Long ttl =
        run.rule()
            .field("ttl")
            .map(days -> Steps.ttl(timestamp, days.asDouble()))
            .orElse(collected.path("ttl").isNumber() ? collected.get("ttl").asLong() : null);
    EventRow row =
        new EventRow(
            suffix == null ? key : key + "." + suffix,
            String.valueOf(event.get("id")),
            EventRow.CORREL,
            null,
            ttl,
            Steps.expire(run),
            timestamp,
            suffix,
            run.rule().id(),
            collected.path("event"),
            null);
    return CollectFlavor.put(store, run, row, row.pk());
  }
}
