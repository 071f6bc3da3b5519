package dev.eventstreamer.rules.service.flavor;

import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.service.RuleRun;
import dev.eventstreamer.rules.service.ViewWriter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * materialize: keeps views from the events of other services: for each matching event (and each
 * item of {@code split_on}), the requests of {@code to_update_request}. Events this service emitted
 * are ignored unless the rule sets {@code include_self} (aws-lambda-stream's outSourceIsSelf).
 */
@ApplicationScoped
public class MaterializeFlavor implements FlavorRunner {

  private final ViewWriter writer;

  public MaterializeFlavor(ViewWriter writer) {
    this.writer = writer;
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public Flavor flavor() {
    return Flavor.MATERIALIZE;
  }

  @Override
  public boolean onEvents() {
    return true;
  }

  @Override
  public Map<String, Object> unitOfWork(RuleRun run) {
    if (run.trigger().isFromSelf() && !run.rule().flag("include_self")) {
      return null;
    }
    Map<String, Object> uow = run.uow();
    return uow;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Uni<Void> run(RuleRun run, Map<String, Object> uow) {
    return Multi.createFrom()
        .iterable(Steps.split(run, uow))
        .onItem()
        .transformToUniAndConcatenate(unit -> Updates.apply(run, writer, unit))
        .collect()
        .last()
        .replaceWithVoid();
  }
}
