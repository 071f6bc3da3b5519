package dev.eventstreamer.subscription.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A subscription's definition after validation: what a create stores, what an update results in.
 *
 * @param topic0 0x + 64 lowercase hex digits
 * @param eventSignature the event ABI as the client sent it, checked by common/core {@code abi}
 * @param addresses distinct lowercase 0x addresses, in the order first given
 */
public record SubscriptionDraft(
    String topic0,
    ObjectNode eventSignature,
    List<String> addresses,
    long startBlock,
    Long endBlock,
    long chainId,
    String subscriberId) {

  public SubscriptionDraft {
    addresses = List.copyOf(addresses);
  }
}
