package dev.eventstreamer.subscription.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields a PUT sent, each checked on its own. A null reference means "not sent", except for the
 * nullable fields, whose {@code ...Sent} flag tells an explicit null (clear it) from absence.
 */
public final class SubscriptionPatch {

  String topic0;
  ObjectNode eventSignature;
  boolean addressesSent;
  List<String> addresses;
  Long startBlock;
  boolean endBlockSent;
  Long endBlock;
  Long chainId;
  String subscriberId;
  Boolean streaming;
  String streamingStatus;

  SubscriptionPatch() {}

  public Long chainId() {
    return chainId;
  }

  /** The new owner, or null when not sent. */
  public String subscriberId() {
    return subscriberId;
  }

  /** The definition after this patch, on top of {@code current}. */
  SubscriptionDraft applyTo(SubscriptionDraft current) {
    return new SubscriptionDraft(
        topic0 != null ? topic0 : current.topic0(),
        eventSignature != null ? eventSignature : current.eventSignature(),
        addressesSent ? (addresses == null ? List.of() : addresses) : current.addresses(),
        startBlock != null ? startBlock : current.startBlock(),
        endBlockSent ? endBlock : current.endBlock(),
        chainId != null ? chainId : current.chainId(),
        subscriberId != null ? subscriberId : current.subscriberId());
  }

  /**
   * The fields that define which logs a subscription receives and that this patch would change:
   * once streaming started, stream-service has delivered according to them.
   */
  List<String> changedDefinition(SubscriptionDraft current, SubscriptionDraft next) {
    List<String> changed = new ArrayList<>();
    if (current.chainId() != next.chainId()) {
      changed.add("chain_id");
    }
    if (!current.topic0().equals(next.topic0())) {
      changed.add("topic0");
    }
    if (!current.eventSignature().equals(next.eventSignature())) {
      changed.add("event_signature");
    }
    if (!current.addresses().equals(next.addresses())) {
      changed.add("addresses");
    }
    if (current.startBlock() != next.startBlock()) {
      changed.add("start_block");
    }
    return changed;
  }
}
