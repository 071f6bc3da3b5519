package dev.eventstreamer.stream.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /subscriptions/{id}/last-processed-block}: the last block in the log. */
public record LastProcessedBlock(@JsonProperty("last_processed_block") long lastProcessedBlock) {}
