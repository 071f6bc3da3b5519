package dev.eventstreamer.common.cloudevents;

import dev.eventstreamer.common.messaging.Correlation;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Test beans: an emitter and a consumer per route (Kafka and AMQP, event loop and @Blocking),
 * recording what each consumer saw; a relay event makes the consumer emit a follow-up on its own
 * route while processing it.
 */
@ApplicationScoped
public class TransportProbe {

  /** Relayed with {@link CloudEventMessages#toMessage}, as services do. */
  public static final String RELAY = "dev.eventstreamer.test.relay";

  /** Relayed with bare SmallRye metadata: only the outgoing interceptor can add a correlation. */
  public static final String RELAY_RAW = "dev.eventstreamer.test.relay-raw";

  public static final String RELAYED = "dev.eventstreamer.test.relayed";

  public enum Route {
    KAFKA,
    KAFKA_BLOCKING,
    AMQP,
    AMQP_BLOCKING;

    public boolean kafka() {
      return this == KAFKA || this == KAFKA_BLOCKING;
    }

    public boolean blocking() {
      return this == KAFKA_BLOCKING || this == AMQP_BLOCKING;
    }
  }

  /** What a consumer saw while processing one message. */
  public record Received(
      Route route,
      EventEnvelope event,
      IncomingCloudEventMetadata<?> cloudEvent,
      Optional<String> current,
      Context context,
      boolean onWorkerThread,
      Optional<IncomingKafkaRecordMetadata<?, ?>> kafka,
      Optional<IncomingAmqpMetadata> amqp) {}

  @Inject
  @Channel("ce-kafka-out")
  Emitter<byte[]> kafka;

  @Inject
  @Channel("ce-kafka-blocking-out")
  Emitter<byte[]> kafkaBlocking;

  @Inject
  @Channel("ce-amqp-out")
  Emitter<byte[]> amqp;

  @Inject
  @Channel("ce-amqp-blocking-out")
  Emitter<byte[]> amqpBlocking;

  @Inject
  @Channel("ce-kafka-bare-out")
  Emitter<byte[]> kafkaBare;

  @Inject
  @Channel("ce-amqp-bare-out")
  Emitter<byte[]> amqpBare;

  @Inject
  @Channel("ce-kafka-untracked-out")
  Emitter<byte[]> kafkaUntracked;

  private final Map<String, Received> received = new ConcurrentHashMap<>();

  public void send(Route route, Message<byte[]> message) {
    emitter(route).send(message);
  }

  /** Sends on a channel the outgoing correlation interceptor is configured to leave alone. */
  public void sendBare(boolean kafkaTransport, Message<byte[]> message) {
    (kafkaTransport ? kafkaBare : amqpBare).send(message);
  }

  /** Sends to a consumer whose channel the incoming correlation interceptor leaves alone. */
  public void sendUntracked(Message<byte[]> message) {
    kafkaUntracked.send(message);
  }

  public Optional<Received> received(String id) {
    return Optional.ofNullable(received.get(id));
  }

  @Incoming("ce-kafka-in")
  public CompletionStage<Void> fromKafka(Message<?> message) {
    return consume(Route.KAFKA, message);
  }

  @Incoming("ce-kafka-blocking-in")
  @Blocking
  public CompletionStage<Void> fromKafkaBlocking(Message<?> message) {
    return consume(Route.KAFKA_BLOCKING, message);
  }

  @Incoming("ce-amqp-in")
  public CompletionStage<Void> fromAmqp(Message<?> message) {
    return consume(Route.AMQP, message);
  }

  @Incoming("ce-amqp-blocking-in")
  @Blocking
  public CompletionStage<Void> fromAmqpBlocking(Message<?> message) {
    return consume(Route.AMQP_BLOCKING, message);
  }

  /** Recorded with no route. */
  @Incoming("ce-kafka-untracked-in")
  public CompletionStage<Void> fromKafkaUntracked(Message<?> message) {
    return consume(null, message);
  }

  @SuppressWarnings("unchecked")
  private CompletionStage<Void> consume(Route route, Message<?> message) {
    Context context = Vertx.currentContext();
    EventEnvelope event = CloudEventMessages.fromMessage(message);
    received.put(
        event.id(),
        new Received(
            route,
            event,
            message.getMetadata(IncomingCloudEventMetadata.class).orElseThrow(),
            Correlation.current(),
            VertxContext.isDuplicatedContext(context) ? context : null,
            Context.isOnWorkerThread(),
            message
                .getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (IncomingKafkaRecordMetadata<?, ?>) m),
            message.getMetadata(IncomingAmqpMetadata.class)));
    if (RELAY.equals(event.type())) {
      send(route, CloudEventMessages.toMessage(followUp(event)));
    } else if (RELAY_RAW.equals(event.type())) {
      EventEnvelope next = followUp(event);
      OutgoingCloudEventMetadata<byte[]> bare =
          OutgoingCloudEventMetadata.<byte[]>builder()
              .withId(next.id())
              .withSource(next.source())
              .withType(next.type())
              .withSubject(next.subject())
              .withDataContentType(EventEnvelope.JSON)
              .withExtension(EventEnvelope.PARTITION_KEY, next.partitionKey())
              .build();
      send(route, Message.of("{}".getBytes(), Metadata.of(bare)));
    }
    return message.ack();
  }

  private static EventEnvelope followUp(EventEnvelope event) {
    return EventEnvelope.builder()
        .id(followUpId(event.id()))
        .source(URI.create("/event-streamer/test"))
        .type(RELAYED)
        .subject(event.id())
        .partitionKey(event.partitionKey())
        .data(Map.of("relayed", event.id()))
        .build();
  }

  public static String followUpId(String id) {
    return "followup-" + id;
  }

  private Emitter<byte[]> emitter(Route route) {
    return switch (route) {
      case KAFKA -> kafka;
      case KAFKA_BLOCKING -> kafkaBlocking;
      case AMQP -> amqp;
      case AMQP_BLOCKING -> amqpBlocking;
    };
  }
}
