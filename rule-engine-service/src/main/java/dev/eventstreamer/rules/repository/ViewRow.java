package dev.eventstreamer.rules.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A view item: what materialize and update rules keep under (pk, sk).
 *
 * @param data the item's fields
 * @param timestamp the event time (ms) of its last write, or null
 * @param ttl epoch seconds after which the sweeper removes it, or null
 */
public record ViewRow(
    String pk,
    String sk,
    String discriminator,
    ObjectNode data,
    Long timestamp,
    boolean latched,
    boolean deleted,
    Long ttl,
    Instant updatedAt) {}
