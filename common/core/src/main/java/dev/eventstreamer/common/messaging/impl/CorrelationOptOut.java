package dev.eventstreamer.common.messaging.impl;

/**
 * Marks a message of a channel listed in {@code eventstreamer.correlation.excluded-channels}: the
 * correlation interceptors let it pass untouched. Interceptors are not told their channel, the
 * decorators that add this marker are.
 */
public enum CorrelationOptOut {
  INSTANCE
}
