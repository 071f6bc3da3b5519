package dev.eventstreamer.rules.service.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.repository.StoreRepository;
import dev.eventstreamer.rules.repository.ViewRow;
import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleRun;
import dev.eventstreamer.rules.service.UowFailure;
import dev.eventstreamer.rules.service.ViewWriter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * update: reads related view items before writing ("oplock-based joins"). It runs on events of the
 * channels, on new collected events and on view changes that are not latched (unless {@code
 * skip_latched}). {@code to_query_request} ({@code {pk, sk_prefix}}) puts the items of a pk in
 * {@code query_response}; {@code split_on} fans out; {@code to_get_request} ({@code {pk, sk}} or a
 * list) puts the items found in {@code get_response}; then the writes of materialize.
 */
@ApplicationScoped
public class UpdateFlavor implements FlavorRunner {

  private final StoreRepository store;
  private final ViewWriter writer;

  public UpdateFlavor(StoreRepository store, ViewWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public Flavor flavor() {
    return Flavor.UPDATE;
  }

  @Override
  public boolean onEvents() {
    return true;
  }

  @Override
  public boolean onChanges() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    Map<String, Object> uow = run.uow();
    Map<String, Object> event;
    if (run.trigger().isChange()) {
      Change change = Change.of(run.trigger());
      if (change.isCollectedEvent()) {
        event = Change.storedEvent(change.newImage());
      } else if (change.isViews()
          && (run.rule().flag("skip_latched")
              || !change.image().path("latched").asBoolean(false))) {
        event = change.viewEvent();
      } else {
        return null;
      }
      uow.put("event", event);
    } else {
      event = run.trigger().event();
    }
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    return query(run, uow)
        .chain(
            () ->
                Multi.createFrom()
                    .iterable(Steps.split(run, uow))
                    .onItem()
                    .transformToUniAndConcatenate(
                        unit -> get(run, unit).chain(() -> Updates.apply(run, writer, unit)))
                    .collect()
                    .last()
                    .replaceWithVoid());
  }

  private Uni<Void> query(RuleRun run, Map<String, Object> uow) {
    if (!run.rule().has("to_query_request")) {
      return Uni.createFrom().voidItem();
    }
    JsonNode request = JsonValues.toJson(run.rule().evaluate("to_query_request", uow));
    if (request == null || request.isNull()) {
      return Uni.createFrom().voidItem();
    }
    String pk = request.path("pk").asText(null);
    if (pk == null || !request.path("pk").isTextual()) {
      throw new UowFailure("InvalidRequest", "to_query_request: needs {\"pk\": string}");
    }
    String prefix =
        request.path("sk_prefix").isTextual() ? request.get("sk_prefix").asText() : null;
    return store
        .views(run.client(), pk, prefix)
        .invoke(items -> uow.put("query_response", plain(items)))
        .replaceWithVoid();
  }

  private Uni<Void> get(RuleRun run, Map<String, Object> uow) {
    if (!run.rule().has("to_get_request")) {
      return Uni.createFrom().voidItem();
    }
    run.at(uow);
    JsonNode request = JsonValues.toJson(run.rule().evaluate("to_get_request", uow));
    if (request == null || request.isNull()) {
      return Uni.createFrom().voidItem();
    }
    List<JsonNode> keys = new ArrayList<>();
    if (request.isArray()) {
      request.forEach(keys::add);
    } else {
      keys.add(request);
    }
    List<Object> found = new ArrayList<>();
    return Multi.createFrom()
        .iterable(keys)
        .onItem()
        .transformToUniAndConcatenate(
            key -> {
              if (!key.path("pk").isTextual() || !key.path("sk").isTextual()) {
                throw new UowFailure(
                    "InvalidRequest", "to_get_request: each key needs pk and sk, not " + key);
              }
              return store
                  .view(run.client(), key.get("pk").asText(), key.get("sk").asText())
                  .invoke(item -> item.ifPresent(i -> found.add(plain(i))));
            })
        .collect()
        .last()
        .invoke(() -> uow.put("get_response", found))
        .replaceWithVoid();
  }

  private List<Object> plain(List<ViewRow> items) {
    List<Object> out = new ArrayList<>(items.size());
    items.forEach(i -> out.add(plain(i)));
    return out;
  }

  private Object plain(ViewRow item) {
    return JsonValues.toPlain(store.json(item));
  }
}
