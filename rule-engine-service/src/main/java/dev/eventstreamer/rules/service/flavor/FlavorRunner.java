package dev.eventstreamer.rules.service.flavor;

import dev.eventstreamer.rules.Flavor;
import dev.eventstreamer.rules.service.RuleRun;
import io.smallrye.mutiny.Uni;

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

  Uni<Void> run(RuleRun run);
}
