package dev.eventstreamer.stream.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One event of a subscription's log.
 *
 * @param payload the event object as clients receive it, JSON text
 * @param topics the log's topics, comma-separated
 * @param data the log's data, 0x hex
 */
public record LogRow(
    long seq,
    long blockNumber,
    int logIndex,
    String blockHash,
    String transactionHash,
    boolean removed,
    String eventName,
    UUID eventId,
    OffsetDateTime blockTime,
    String payload,
    String topics,
    String data) {}
