package dev.eventstreamer.common.messaging;

import dev.eventstreamer.common.messaging.impl.CorrelationOptOut;
import io.smallrye.reactive.messaging.OutgoingInterceptor;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes the {@value Correlation#EXTENSION} extension into every outgoing CloudEvent that lacks
 * one: the id of the message it derives from ({@link CorrelationMetadata}), else the current unit
 * of work's ({@link Correlation#current()}), else a new id (the work starts here).
 *
 * <p>Messages without {@link OutgoingCloudEventMetadata} pass untouched: the connectors would not
 * write them as CloudEvents, and adding the metadata would make them try. Channel coverage as for
 * {@link CorrelationIncomingInterceptor}.
 */
@Singleton
public final class CorrelationOutgoingInterceptor implements OutgoingInterceptor {

  @Override
  public Message<?> beforeMessageSend(Message<?> message) {
    if (message.getMetadata(CorrelationOptOut.class).isPresent()) {
      return message;
    }
    Optional<OutgoingCloudEventMetadata> found =
        message.getMetadata(OutgoingCloudEventMetadata.class);
    if (found.isEmpty()) {
      return message;
    }
    OutgoingCloudEventMetadata<?> cloudEvent = found.get();
    Optional<Object> existing = cloudEvent.getExtension(Correlation.EXTENSION);
    if (existing.isPresent() && !existing.get().toString().isBlank()) {
      return message;
    }
    String id = correlationOf(message);
    OutgoingCloudEventMetadata<?> stamped =
        OutgoingCloudEventMetadata.from(cloudEvent)
            .withExtension(Correlation.EXTENSION, id)
            .build();
    // Replaced by class: the builder's class may differ from the one a producer put there.
    return message.withMetadata(message.getMetadata().without(cloudEvent.getClass()).with(stamped));
  }

  @Override
  public void onMessageAck(Message<?> message) {
    // Nothing to do once the broker has the message.
  }

  @Override
  public void onMessageNack(Message<?> message, Throwable failure) {
    // Idem.
  }

  private static String correlationOf(Message<?> message) {
    // The message's own evidence first: this hook may run on another thread than the one that
    // sent it when the channel buffers (backpressure), where Correlation.current() is not its.
    return message
        .getMetadata(CorrelationMetadata.class)
        .map(CorrelationMetadata::id)
        .or(
            () ->
                message
                    .getMetadata(LocalContextMetadata.class)
                    .flatMap(local -> Correlation.current(local.context())))
        .or(Correlation::current)
        .orElseGet(Correlation::newId);
  }
}
