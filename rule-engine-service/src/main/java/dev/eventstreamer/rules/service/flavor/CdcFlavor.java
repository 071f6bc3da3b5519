package dev.eventstreamer.rules.service.flavor;

import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleRun;
import dev.eventstreamer.rules.service.UowFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cdc: each change of a view item that is not latched becomes a domain event of type {@code
 * <discriminator>-created|updated|deleted|undeleted} (see {@link Change#viewEvent}); {@code
 * to_event}'s object is merged into it, and when it gives nothing no event goes out.
 */
@ApplicationScoped
public class CdcFlavor implements FlavorRunner {

  @Override
  public Flavor flavor() {
    return Flavor.CDC;
  }

  @Override
  public boolean onChanges() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    Change change = Change.of(run.trigger());
    if (!change.isViews() || change.image().path("latched").asBoolean(false)) {
      return null;
    }
    Map<String, Object> event = change.viewEvent();
    Map<String, Object> uow = run.uow();
    uow.put("event", event);
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    Change change = Change.of(run.trigger());
    Map<String, Object> event = (Map<String, Object>) uow.get("event");
    Map<String, Object> out = new LinkedHashMap<>(event);
    out.remove("raw");
    if (run.rule().has("to_event")) {
      Object result = run.rule().evaluate("to_event", uow);
      if (result == null) {
        return Uni.createFrom().voidItem();
      }
      if (!(result instanceof Map<?, ?> merged)) {
        throw new UowFailure("InvalidResult", "to_event: must give an object or nothing");
      }
      out.putAll((Map<String, Object>) merged);
    }
    Steps.publish(run, JsonValues.toJson(out), change.id() + "." + run.rule().id(), event);
    return Uni.createFrom().voidItem();
  }
}
