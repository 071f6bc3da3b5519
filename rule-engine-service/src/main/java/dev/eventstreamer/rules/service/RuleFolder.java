package dev.eventstreamer.rules.service;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.rules.config.RuleEngineConfig;
import dev.eventstreamer.rules.repository.RuleRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Saves the rules of {@code rule-engine.rules-dir} at start, before the service answers: rules kept
 * as files beside the deployment are in force from its first event. A folder with a bad rule stops
 * the start, saying which file and field.
 */
@ApplicationScoped
public class RuleFolder {

  private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(60);

  private final RuleRepository rules;
  private final RuleEngineConfig config;
  private final RuleFunctions functions;

  RuleFolder(RuleRepository rules, RuleEngineConfig config, RuleFunctions functions) {
    this.rules = rules;
    this.config = config;
    this.functions = functions;
  }

  void load(@Observes StartupEvent event) {
    config.rulesDir().ifPresent(this::load);
  }

  void load(Path folder) {
    List<RuleDraft> found = RuleFiles.read(folder);
    for (RuleDraft rule : found) {
      try {
        functions.requireAll(rule);
      } catch (ProblemException e) {
        throw new IllegalStateException(
            "Rule " + rule.id() + " of " + folder + ": " + e.getMessage(), e);
      }
    }
    int changed = 0;
    for (RuleDraft rule : found) {
      if (rules.save(rule).await().atMost(SAVE_TIMEOUT)) {
        changed++;
      }
    }
    Log.infof(
        "Rules of %s: %d in the folder, %d new or changed, the others as stored",
        folder, found.size(), changed);
  }
}
