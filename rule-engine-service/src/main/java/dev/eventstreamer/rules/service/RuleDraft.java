package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.rules.Flavor;

/**
 * A rule as a client sent it, checked: its id, flavor and whether it is enabled, and the whole
 * definition as stored (the client's fields with {@code enabled} filled in, no server fields).
 */
public record RuleDraft(String id, Flavor flavor, boolean enabled, ObjectNode definition) {}
