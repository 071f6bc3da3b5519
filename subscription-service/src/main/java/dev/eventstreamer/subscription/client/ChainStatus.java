package dev.eventstreamer.subscription.client;

/** What this service needs to know of a chain: whether subscriptions may use it. */
public record ChainStatus(long chainId, boolean active) {}
