package dev.eventstreamer.rules.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** The service's own settings, under {@code rule-engine.}. */
@ConfigMapping(prefix = "rule-engine")
public interface RuleEngineConfig {

  /**
   * A folder of rules as JSON files ({@code *.json}, each one rule or a list of rules), saved at
   * start: a rule of the folder replaces the stored one of its id when they differ.
   */
  Optional<Path> rulesDir();
}
