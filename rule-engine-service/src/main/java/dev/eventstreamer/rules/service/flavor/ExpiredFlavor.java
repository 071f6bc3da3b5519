package dev.eventstreamer.rules.service.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.service.Emits;
import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleRun;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * expired: a collected event or correlation that the sweeper removed because its ttl passed, and
 * that was stored with {@code expire}, comes back as an event: its type the {@code expire} string,
 * else {@code <type>.expired} when the type has a dot, else {@code <type>-expired}; its timestamp
 * the ttl (ms, keeping the original's milliseconds). The rule's event type is the original's.
 */
@ApplicationScoped
public class ExpiredFlavor implements FlavorRunner {

  @Override
  public Flavor flavor() {
    return Flavor.EXPIRED;
  }

  @Override
  public boolean onChanges() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    Change change = Change.of(run.trigger());
    if (!change.isEvents() || !change.isRemove() || !change.ttlDelete()) {
      return null;
    }
    JsonNode old = change.oldImage();
    JsonNode expire = old.get("expire");
    if (!old.path("ttl").isNumber() || expire == null || expire.isNull()) {
      return null;
    }
    Map<String, Object> original = Change.storedEvent(old);
    Map<String, Object> uow = run.uow();
    uow.put("event", original);
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    Change change = Change.of(run.trigger());
    JsonNode old = change.oldImage();
    JsonNode expire = old.get("expire");
    Map<String, Object> original = (Map<String, Object>) uow.get("event");
    String type = String.valueOf(original.get("type"));
    String expiredType =
        expire.isTextual()
            ? expire.asText()
            : type.contains(".") ? type + ".expired" : type + "-expired";
    long originalTime = original.get("timestamp") instanceof Number n ? n.longValue() : 0L;
    Map<String, Object> expired = Emits.template(original, expiredType, List.of(original));
    expired.put("timestamp", old.get("ttl").asLong() * 1000 + Math.floorMod(originalTime, 1000));
    Steps.publish(run, JsonValues.toJson(expired), change.id() + "." + run.rule().id(), expired);
    return Uni.createFrom().voidItem();
  }
}
