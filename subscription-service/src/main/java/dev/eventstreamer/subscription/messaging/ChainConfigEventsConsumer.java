package dev.eventstreamer.subscription.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.messaging.EventConsumer;
import dev.eventstreamer.subscription.service.ChainProjectionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Feeds the chain projection from chain-config-service's events. */
@ApplicationScoped
public class ChainConfigEventsConsumer {

  private final ChainProjectionService projection;

  public ChainConfigEventsConsumer(ChainProjectionService projection) {
    this.projection = projection;
  }

  @Incoming(Channels.CHAIN_CONFIG_EVENTS)
  public Uni<Void> consume(Message<?> message) {
    return EventConsumer.consume(Channels.CHAIN_CONFIG_EVENTS, message, projection::apply);
  }
}
