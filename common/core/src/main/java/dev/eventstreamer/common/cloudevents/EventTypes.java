package dev.eventstreamer.common.cloudevents;

import java.util.Set;

/** The CloudEvent {@code type} of every fact that crosses a service boundary (DESIGN.md). */
public final class EventTypes {

  public static final String CHAIN_CREATED = "dev.eventstreamer.chain.created";
  public static final String CHAIN_UPDATED = "dev.eventstreamer.chain.updated";
  public static final String CHAIN_DEACTIVATED = "dev.eventstreamer.chain.deactivated";

  public static final String SUBSCRIPTION_CREATED = "dev.eventstreamer.subscription.created";
  public static final String SUBSCRIPTION_UPDATED = "dev.eventstreamer.subscription.updated";
  public static final String SUBSCRIPTION_DELETED = "dev.eventstreamer.subscription.deleted";
  public static final String SUBSCRIPTION_PROGRESS = "dev.eventstreamer.subscription.progress";

  public static final String CHAIN_LOG = "dev.eventstreamer.chain.log";
  public static final String CHAIN_LOG_REMOVED = "dev.eventstreamer.chain.log.removed";

  public static final String FAULT = "dev.eventstreamer.fault";

  /** Every type above. */
  public static final Set<String> ALL =
      Set.of(
          CHAIN_CREATED,
          CHAIN_UPDATED,
          CHAIN_DEACTIVATED,
          SUBSCRIPTION_CREATED,
          SUBSCRIPTION_UPDATED,
          SUBSCRIPTION_DELETED,
          SUBSCRIPTION_PROGRESS,
          CHAIN_LOG,
          CHAIN_LOG_REMOVED,
          FAULT);

  private EventTypes() {}
}
