package dev.eventstreamer.rules.service.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.config.RuleEngineConfig;
import dev.eventstreamer.rules.repository.EventRow;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.service.Changes;
import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleEffect;
import dev.eventstreamer.rules.service.RuleRun;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * collect: stores each matching event under its correlation key (pk the event id, sk {@code EVENT},
 * data the key: {@code correlation_key}, else the partition key), with its ttl and expire. A second
 * delivery of the event stores nothing.
 */
@ApplicationScoped
public class CollectFlavor implements FlavorRunner {

  private final StoreRepository store;
  private final RuleEngineConfig config;

  public CollectFlavor(StoreRepository store, RuleEngineConfig config) {
    this.store = store;
    this.config = config;
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public Flavor flavor() {
    return Flavor.COLLECT;
  }

  @Override
  public boolean onEvents() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    Map<String, Object> uow = run.uow();
    Map<String, Object> event = run.trigger().event();
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    Map<String, Object> event = run.trigger().event();
    String key =
        run.rule().has("correlation_key")
            ? Steps.text(run.rule().evaluate("correlation_key", uow), "correlation_key")
            : Steps.text(event.get("partition_key"), "the partition key");
    long timestamp = run.trigger().timestamp();
    long days =
        run.rule().field("ttl").map(JsonNode::asLong).orElse((long) config.defaultTtlDays());
    EventRow row =
        new EventRow(
            run.trigger().id(),
            EventRow.EVENT,
            EventRow.EVENT,
            key,
            Steps.ttl(timestamp, days),
            Steps.expire(run),
            timestamp,
            null,
            run.rule().id(),
            storedEvent(event),
            null);
    return put(store, run, row, key);
  }

  /** The event as stored: without {@code raw}, as aws-lambda-stream stores it by default. */
  static JsonNode storedEvent(Map<String, Object> event) {
    Map<String, Object> stored = new LinkedHashMap<>(event);
    stored.remove("raw");
    return JsonValues.toJson(stored);
  }

  /**
   * Stores the row unless it is there, one after the other with the rows of its correlation key,
   * and logs the insert as a change.
   */
  static Uni<Void> put(StoreRepository store, RuleRun run, EventRow row, String correlationKey) {
    return store
        .insertEvent(run.client(), row, correlationKey)
        .invoke(
            seq -> {
              RuleEffect effect = new RuleEffect("put", store.json(row));
              if (seq.isPresent()) {
                EventRow stored = row.withSeq(seq.get());
                run.output()
                    .wrote(
                        Changes.of(
                            Changes.EVENTS,
                            "INSERT",
                            row.pk(),
                            row.sk(),
                            store.json(stored),
                            null,
                            false),
                        effect);
              } else {
                run.output().note(new RuleEffect("exists", store.json(row)));
              }
            })
        .replaceWithVoid();
  }
}
