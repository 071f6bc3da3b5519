package dev.eventstreamer.stream.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An event of a subscription's log as it leaves the service (on chain-events, on streams): the
 * event object and what its envelope and resume token need, without the raw log.
 *
 * @param payload the event object as clients receive it, JSON in UTF-8
 */
public record LogEvent(
    long seq,
    long blockNumber,
    int logIndex,
    boolean removed,
    String eventName,
    UUID eventId,
    OffsetDateTime blockTime,
    byte[] payload) {}
