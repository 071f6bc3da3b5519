package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing a rule did or would do for a unit of work, as /test reports it.
 *
 * @param kind {@code put} (a collected event or correlation), {@code update} (a view item), {@code
 *     skip} (an update its condition refused)
 * @param request what was sent or written
 */
public record RuleEffect(String kind, JsonNode request) {}
