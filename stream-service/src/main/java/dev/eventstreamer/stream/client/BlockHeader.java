package dev.eventstreamer.stream.client;

/** What ingestion needs of a block: where it sits in the chain and when it was made. */
public record BlockHeader(long number, String hash, String parentHash, long timestamp) {}
