package dev.eventstreamer.chainconfig.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** The chain-config-events a registry change publishes: key and subject are the chain id. */
@ApplicationScoped
public class ChainEvents {

  private final ObjectMapper mapper;

  public ChainEvents(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** An outbox event of {@code type} whose data is {@code chain} (masked, with its version). */
  public OutboxEvent event(String type, ChainView chain) {
    String id = Long.toString(chain.chainId());
    return OutboxEvent.builder()
        .channel(Channels.CHAIN_CONFIG_EVENTS)
        .key(id)
        .subject(id)
        .type(type)
        .source(EventSources.CHAIN_CONFIG_SERVICE)
        .data(json(chain))
        .build();
  }

  private String json(ChainView chain) {
    try {
      return mapper.writeValueAsString(chain);
    } catch (JsonProcessingException e) {
      // A record of strings, numbers and booleans always serializes.
      throw new IllegalStateException("chain " + chain.chainId() + " did not serialize", e);
    }
  }
}
