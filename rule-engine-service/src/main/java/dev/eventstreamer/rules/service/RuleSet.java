package dev.eventstreamer.rules.service;

import dev.eventstreamer.rules.config.RuleEngineConfig;
import dev.eventstreamer.rules.repository.RuleRepository;
import dev.eventstreamer.rules.repository.StoredRule;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules in force, compiled once per version. Before each event the stored generation is read;
 * when a write moved it on, the rules are read again, so a rule saved on any replica is in force
 * for every event consumed after its POST or PUT returned.
 */
@ApplicationScoped
public class RuleSet {

  private final RuleRepository rules;
  private final RuleEngineConfig config;
  private final RuleFunctions beans;
  private volatile Snapshot snapshot = new Snapshot(-1, Map.of());

  public RuleSet(RuleRepository rules, RuleEngineConfig config, RuleFunctions beans) {
    this.rules = rules;
    this.config = config;
    this.beans = beans;
  }

  /** The rules of the current generation, by id. */
  public Uni<Snapshot> current() {
    return rules
        .generation()
        .chain(
            generation ->
                generation == snapshot.generation()
                    ? Uni.createFrom().item(snapshot)
                    : rules.all().map(this::compile));
  }

  private synchronized Snapshot compile(RuleRepository.Generation read) {
    if (read.generation() <= snapshot.generation()) {
      return snapshot;
    }
    Map<String, CompiledRule> compiled = new LinkedHashMap<>();
    for (StoredRule rule : read.rules()) {
      CompiledRule previous = snapshot.rules().get(rule.id());
      if (previous != null && previous.version() == rule.version()) {
        compiled.put(rule.id(), previous);
        continue;
      }
      try {
        compiled.put(
            rule.id(),
            CompiledRule.of(rule, config.expressionTimeout(), config.expressionMaxDepth(), beans));
      } catch (RuntimeException e) {
        // Saved rules were checked; one that no longer compiles must not stop the others.
        Log.errorf("Rule %s v%d does not compile and is not run: %s", rule.id(), rule.version(), e);
      }
    }
    snapshot = new Snapshot(read.generation(), Map.copyOf(compiled));
    return snapshot;
  }

  /** Whether any enabled rule of the current generation reads the store's change log. */
  public boolean changesRead() {
    return snapshot.changesRead();
  }

  /** The rules at one generation. */
  public record Snapshot(long generation, Map<String, CompiledRule> rules, boolean changesRead) {

    Snapshot(long generation, Map<String, CompiledRule> rules) {
      this(
          generation,
          rules,
          rules.values().stream().anyMatch(r -> r.enabled() && r.flavor().readsChanges()));
    }

    /** The enabled rules, by id. */
    public List<CompiledRule> enabled() {
      List<CompiledRule> enabled = new ArrayList<>();
      rules.values().stream()
          .filter(CompiledRule::enabled)
          .sorted((a, b) -> a.id().compareTo(b.id()))
          .forEach(enabled::add);
      return enabled;
    }

    public Optional<CompiledRule> rule(String id) {
      return Optional.ofNullable(rules.get(id));
    }
  }
}
