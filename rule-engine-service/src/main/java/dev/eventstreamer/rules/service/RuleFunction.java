package dev.eventstreamer.rules.service;

import java.util.Map;

/**
 * Java in place of a rule's JSONata expression: a CDI bean named with {@code @Identifier("name")}
 * stands in for any expression field of a rule that says {@code {"bean": "name"}}. It gets the unit
 * of work and the rule as JSONata does, and returns what the expression would: maps, lists,
 * strings, numbers, booleans, or null for nothing. A throw is a fault of the unit of work.
 */
@FunctionalInterface
public interface RuleFunction {

  Object apply(Map<String, Object> uow, Map<String, Object> rule);
}
