package dev.eventstreamer.subscription.service;

import com.esaulpaugh.headlong.abi.Address;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.time.Timestamps;
import dev.eventstreamer.subscription.SubscriptionResponse;
import dev.eventstreamer.subscription.repository.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;

/** The one place where entity, definition and API representation of a subscription meet. */
@ApplicationScoped
public class SubscriptionMapper {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final ObjectMapper json;

  public SubscriptionMapper(ObjectMapper json) {
    this.json = json;
  }

  /** Writes a definition into the entity. */
  public void write(SubscriptionDraft draft, Subscription entity) {
    entity.topic0 = draft.topic0();
    entity.eventSignature = text(draft.eventSignature());
    entity.addresses = text(draft.addresses());
    entity.startBlock = draft.startBlock();
    entity.endBlock = draft.endBlock();
    entity.chainId = draft.chainId();
    entity.subscriberId = draft.subscriberId();
  }

  /** The entity's definition. */
  public SubscriptionDraft draft(Subscription entity) {
    return new SubscriptionDraft(
        entity.topic0,
        read(entity.eventSignature, ObjectNode.class),
        addresses(entity),
        entity.startBlock,
        entity.endBlock,
        entity.chainId,
        entity.subscriberId);
  }

  /** The API answer; addresses checksummed. */
  public SubscriptionResponse response(Subscription entity) {
    return new SubscriptionResponse(
        entity.id,
        entity.topic0,
        read(entity.eventSignature, ObjectNode.class),
        addresses(entity).stream().map(Address::toChecksumAddress).toList(),
        entity.startBlock,
        entity.endBlock,
        entity.chainId,
        entity.subscriberId,
        entity.lastProcessedBlock,
        entity.streaming,
        entity.streamingStatus,
        entity.resumeToken,
        entity.lastEventId,
        entity.eventsDelivered,
        Timestamps.format(entity.createdAt),
        Timestamps.format(entity.updatedAt));
  }

  /** The API answer as JSON text, the data of the subscription's CloudEvents. */
  public String json(SubscriptionResponse response) {
    return text(response);
  }

  private List<String> addresses(Subscription entity) {
    try {
      return json.readValue(entity.addresses, STRINGS);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T read(String text, Class<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String text(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
