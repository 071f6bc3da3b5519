package dev.eventstreamer.rules.service;

import dev.eventstreamer.rules.repository.StoredFault;

/**
 * How one rule's run over one event ended.
 *
 * @param output what it emitted and wrote (nothing when it failed)
 * @param failure why its unit of work failed, or null
 * @param fault the fault stored for that failure, or null
 * @param nanos how long the run took
 */
public record RuleResult(RuleOutput output, Throwable failure, StoredFault fault, long nanos) {}
