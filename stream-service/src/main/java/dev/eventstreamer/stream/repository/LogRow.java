package dev.eventstreamer.stream.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One event of a subscription's log.
 *
 * @param payload the event object as clients receive it, JSON in UTF-8
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
    byte[] payload,
    String topics,
    String data) {}
