package dev.eventstreamer.rules.service.flavor;

import dev.eventstreamer.rules.service.JsonValues;
import dev.eventstreamer.rules.service.RuleRun;
import dev.eventstreamer.rules.service.UowFailure;
import dev.eventstreamer.rules.service.ViewUpdate;
import dev.eventstreamer.rules.service.ViewWriter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * The write step of materialize and update: {@code to_update_request}'s requests in order; one
 * refused by its timestamp condition is skipped, or is a fault with {@code
 * throw_condition_failure}, and makes {@code to_fallback_update_request} run once.
 */
final class Updates {

  private Updates() {}

  static Uni<Void> apply(RuleRun run, ViewWriter writer, Map<String, Object> uow) {
    run.at(uow);
    List<ViewUpdate> updates =
        ViewUpdate.all(
            JsonValues.toJson(run.rule().evaluate("to_update_request", uow)), "to_update_request");
    return writeAll(run, writer, updates)
        .chain(
            refused -> {
              if (!refused || !run.rule().has("to_fallback_update_request")) {
                return Uni.createFrom().voidItem();
              }
              List<ViewUpdate> fallback =
                  ViewUpdate.all(
                      JsonValues.toJson(run.rule().evaluate("to_fallback_update_request", uow)),
                      "to_fallback_update_request");
              return writeAll(run, writer, fallback).replaceWithVoid();
            });
  }

  /** Writes each in order; true when any was refused by its condition. */
  private static Uni<Boolean> writeAll(RuleRun run, ViewWriter writer, List<ViewUpdate> updates) {
    boolean[] refused = {false};
    return Multi.createFrom()
        .iterable(updates)
        .onItem()
        .transformToUniAndConcatenate(
            update ->
                writer
                    .apply(run.client(), update, run.output())
                    .invoke(
                        applied -> {
                          if (!applied) {
                            if (run.rule().flag("throw_condition_failure")) {
                              throw new UowFailure(
                                  "ConditionalCheckFailed",
                                  "the item "
                                      + update.pk()
                                      + "/"
                                      + update.sk()
                                      + " is as new as timestamp "
                                      + update.timestamp()
                                      + " or newer");
                            }
                            refused[0] = true;
                          }
                        }))
        .collect()
        .last()
        .map(ignored -> refused[0]);
  }
}
