package dev.eventstreamer.rules.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The service's own settings, under {@code rule-engine.}. */
@ConfigMapping(prefix = "rule-engine")
public interface RuleEngineConfig {

  /**
   * A folder of rules as JSON files ({@code *.json}, each one rule or a list of rules), saved at
   * start: a rule of the folder replaces the stored one of its id when they differ.
   */
  Optional<Path> rulesDir();

  /** How long one evaluation of a rule's expression may run before it is a fault. */
  @WithDefault("1s")
  Duration expressionTimeout();

  /** How deep one evaluation may recurse before it is a fault. */
  @WithDefault("200")
  int expressionMaxDepth();

  /** Days a collected event or correlation is kept when its rule gives no {@code ttl}. */
  @WithDefault("33")
  int defaultTtlDays();

  /** How often the sweeper removes rows whose ttl has passed. */
  @WithDefault("5s")
  Duration sweepInterval();

  /** Rows the sweeper removes per statement. */
  @WithDefault("500")
  int sweepBatch();

  /** How long applied (rule, event) pairs are remembered, the window a redelivery is caught in. */
  @WithDefault("7d")
  Duration appliedRetention();
}
