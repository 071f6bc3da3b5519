package dev.eventstreamer.rules.service.flavor;

import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.service.RuleRun;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * task: for each matching event (and each item of {@code split_on}), when {@code expression} is
 * absent or truthy, emit. The expression's result picks the triggers as evaluate's does.
 */
@ApplicationScoped
public class TaskFlavor implements FlavorRunner {

  @Override
  public Flavor flavor() {
    return Flavor.TASK;
  }

  @Override
  public boolean onEvents() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    Map<String, Object> uow = run.uow();
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    List<Map<String, Object>> units = Steps.split(run, uow);
    for (int i = 0; i < units.size(); i++) {
      Map<String, Object> unit = run.at(units.get(i));
      List<Map<String, Object>> triggers = Triggers.of(run, unit, run.trigger().event());
      if (triggers.isEmpty()) {
        continue;
      }
      String baseId = run.trigger().id() + "." + run.rule().id();
      Steps.emit(
          run,
          unit,
          run.trigger().event(),
          triggers,
          units.size() == 1 ? baseId : baseId + "." + (i + 1));
    }
    return Uni.createFrom().voidItem();
  }
}
