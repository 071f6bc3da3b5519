package dev.eventstreamer.common.messaging.impl;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The channels a service keeps out of correlation: {@code
 * eventstreamer.correlation.excluded-channels}.
 */
public final class ExcludedChannels {

  public static final String KEY = "eventstreamer.correlation.excluded-channels";

  private final Set<String> names;

  public ExcludedChannels(Optional<? extends List<String>> names) {
    this.names = names.map(Set::copyOf).orElse(Set.of());
  }

  public boolean any(List<String> channels) {
    return !names.isEmpty() && channels.stream().anyMatch(names::contains);
  }
}
