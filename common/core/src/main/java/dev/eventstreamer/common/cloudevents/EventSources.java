package dev.eventstreamer.common.cloudevents;

import java.util.Map;
import java.util.Optional;

/**
 * The CloudEvent {@code source} of each service: a URI reference {@code /event-streamer/<module>},
 * the same on every replica (the event {@code id} is what makes an event unique, not its source).
 */
public final class EventSources {

  public static final String CHAIN_CONFIG_SERVICE = "/event-streamer/chain-config-service";
  public static final String SUBSCRIPTION_SERVICE = "/event-streamer/subscription-service";
  public static final String STREAM_SERVICE = "/event-streamer/stream-service";
  public static final String RULE_ENGINE_SERVICE = "/event-streamer/rule-engine-service";

  // Who publishes each fact (DESIGN.md, Data flow); rules' own types have no fixed owner.
  private static final Map<String, String> OWNERS =
      Map.of(
          EventTypes.CHAIN_CREATED, CHAIN_CONFIG_SERVICE,
          EventTypes.CHAIN_UPDATED, CHAIN_CONFIG_SERVICE,
          EventTypes.CHAIN_DEACTIVATED, CHAIN_CONFIG_SERVICE,
          EventTypes.SUBSCRIPTION_CREATED, SUBSCRIPTION_SERVICE,
          EventTypes.SUBSCRIPTION_UPDATED, SUBSCRIPTION_SERVICE,
          EventTypes.SUBSCRIPTION_DELETED, SUBSCRIPTION_SERVICE,
          EventTypes.SUBSCRIPTION_PROGRESS, STREAM_SERVICE,
          EventTypes.CHAIN_LOG, STREAM_SERVICE,
          EventTypes.CHAIN_LOG_REMOVED, STREAM_SERVICE,
          EventTypes.FAULT, RULE_ENGINE_SERVICE);

  private EventSources() {}

  /** The source that publishes {@code type}, for the types of {@link EventTypes}. */
  public static Optional<String> ownerOf(String type) {
    return Optional.ofNullable(OWNERS.get(type));
  }
}
