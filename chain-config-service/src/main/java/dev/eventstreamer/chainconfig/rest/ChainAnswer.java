package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.eventstreamer.chainconfig.service.ChainView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/chains/{chain_id}}: the chain object with {@code message} and {@code timestamp}
 * beside its fields, since the published client parses this answer as a ChainConfigResponse (which
 * requires both).
 */
@RegisterForReflection
@JsonPropertyOrder({"message", "timestamp"})
public final class ChainAnswer {

  @JsonUnwrapped public final ChainView chain;
  public final String message;
  public final String timestamp;

  ChainAnswer(ChainView chain, String message, String timestamp) {
    this.chain = chain;
    this.message = message;
    this.timestamp = timestamp;
  }
}
