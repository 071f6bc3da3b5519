package dev.eventstreamer.rules.service;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link RuleFunction} beans, by their {@code @Identifier}. */
@ApplicationScoped
public class RuleFunctions {

  private final Instance<RuleFunction> beans;

  public RuleFunctions(@Any Instance<RuleFunction> beans) {
    this.beans = beans;
  }

  /**
   * Checks that every bean the rule names is there.
   *
   * @throws ProblemException 400 naming each field whose bean is missing
   */
  public void requireAll(RuleDraft rule) {
    List<Violation> missing = new ArrayList<>();
    RuleRequests.beans(rule.definition())
        .forEach(
            (field, bean) -> {
              if (find(bean).isEmpty()) {
                missing.add(
                    Violation.body(
                        field + ".bean", "names no RuleFunction bean of this service: " + bean));
              }
            });
    if (!missing.isEmpty()) {
      throw ProblemException.badRequest(missing);
    }
  }

  public Optional<RuleFunction> find(String name) {
    Instance<RuleFunction> named = beans.select(Identifier.Literal.of(name));
    return named.isResolvable() ? Optional.of(named.get()) : Optional.empty();
  }
}
