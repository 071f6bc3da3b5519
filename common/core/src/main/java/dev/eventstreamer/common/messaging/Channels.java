package dev.eventstreamer.common.messaging;

/** The reactive messaging channels between the services (DESIGN.md, Messaging). */
public final class Channels {

  /** Chain registry changes, keyed by chain id. */
  public static final String CHAIN_CONFIG_EVENTS = "chain-config-events";

  /** Subscription changes, keyed by subscription id. */
  public static final String SUBSCRIPTION_EVENTS = "subscription-events";

  /** Decoded on-chain logs and their removals, keyed by subscription id. */
  public static final String CHAIN_EVENTS = "chain-events";

  /** Delivery progress per subscription, keyed by subscription id. */
  public static final String PROGRESS_EVENTS = "progress-events";

  /** Whatever rules emit, keyed by the rule's partition key. */
  public static final String DOMAIN_EVENTS = "domain-events";

  /** Failed units of work, keyed by rule id. */
  public static final String FAULTS = "faults";

  private Channels() {}
}
