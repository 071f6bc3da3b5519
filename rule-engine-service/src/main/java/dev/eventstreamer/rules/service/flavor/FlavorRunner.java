package dev.eventstreamer.rules.service.flavor;

import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.service.RuleRun;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * Runs the rules of one flavor. Listeners (task, collect, materialize) consume the events of the
 * channels; triggers (correlate, evaluate, cdc, expired) consume the store's change log; update
 * consumes both. A failure of the returned Uni is a fault of the unit of work unless it is one of
 * the infrastructure.
 */
public interface FlavorRunner {

  Flavor flavor();

  /** Whether it runs on events from the channels. */
  default boolean onEvents() {
    return false;
  }

  /** Whether it runs on changes of the store. */
  default boolean onChanges() {
    return false;
  }

  /**
   * Whether it writes the store; a run of a flavor that does not needs no savepoint, as its failure
   * leaves nothing to undo.
   */
  default boolean writes() {
    return false;
  }

  /**
   * The unit of work of the run's trigger for this flavor, its {@code event} the one whose type and
   * filters the rule tests; null when the trigger is nothing for the flavor (another table's
   * change, an event this service emitted for materialize, ...).
   */
  Map<String, Object> unitOfWork(RuleRun run);

  /** Does the rule's work for a unit of work that matched its type and filters. */
  Uni<Void> run(RuleRun run, Map<String, Object> uow);
}
