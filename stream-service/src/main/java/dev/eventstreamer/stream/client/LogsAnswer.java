package dev.eventstreamer.stream.client;

import java.util.List;

/** Logs an endpoint answered to one {@code eth_getLogs}, in the node's order. */
public record LogsAnswer(List<ChainLog> logs, String endpoint) {}
