package dev.eventstreamer.common.messaging;

/**
 * The correlation id of an incoming message, attached by {@link CorrelationIncomingInterceptor}; it
 * travels with the message's metadata into messages derived from it.
 */
public record CorrelationMetadata(String id) {}
