package dev.eventstreamer.subscription.repository;

/** Values a new subscription starts with. */
public final class SubscriptionDefaults {

  /** The streaming status of a subscription nobody streams yet. */
  public static final String IDLE = "idle";

  private SubscriptionDefaults() {}
}
