package dev.eventstreamer.rules.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A rule as stored: its definition at {@code version}. */
public record StoredRule(
    String id, int version, ObjectNode definition, Instant createdAt, Instant updatedAt) {}
