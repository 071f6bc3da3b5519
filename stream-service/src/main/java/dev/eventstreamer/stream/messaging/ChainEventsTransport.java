package dev.eventstreamer.stream.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks how chain-events are written: Kafka's own producer on Kafka, the connector on AMQP. */
@ApplicationScoped
class ChainEventsTransport {

  @Produces
  @ApplicationScoped
  ChainEventsSender sender(
      @ConfigProperty(name = "eventstreamer.messaging.transport") String transport,
      Instance<KafkaChainEventsSender> kafka,
      Instance<EmitterChainEventsSender> connector) {
    return "kafka".equals(transport) ? kafka.get() : connector.get();
  }
}
