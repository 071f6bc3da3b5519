package dev.eventstreamer.common.messaging;

import dev.eventstreamer.common.messaging.impl.CorrelationOptOut;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.IncomingInterceptor;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Makes the correlation id of every message received from a broker current while the message is
 * processed: the CloudEvent's {@value Correlation#EXTENSION} extension, or a new id when the
 * message starts a unit of work. Also attaches it as {@link CorrelationMetadata}.
 *
 * <p>It applies to every connector channel (it carries no {@code @Identifier}), except channels
 * listed in {@code eventstreamer.correlation.excluded-channels} and channels that have an
 * interceptor of their own (SmallRye then uses that one instead).
 */
@Singleton
public final class CorrelationIncomingInterceptor implements IncomingInterceptor {

  @Override
  public Message<?> afterMessageReceive(Message<?> message) {
    if (message.getMetadata(CorrelationOptOut.class).isPresent()) {
      return message;
    }
    String id = received(message).orElseGet(Correlation::newId);
    // The connectors give each message a duplicated context of its own and SmallRye runs the
    // consumer on it (on a worker for @Blocking, still the same context): that is where the id
    // must live. This hook normally runs on it already; the metadata says so for certain.
    Context context =
        message
            .getMetadata(LocalContextMetadata.class)
            .map(LocalContextMetadata::context)
            .orElseGet(Vertx::currentContext);
    if (!Correlation.set(context, id)) {
      Log.debugf(
          "Message without a duplicated context: correlation id %s is in its metadata only", id);
    }
    return message.addMetadata(new CorrelationMetadata(id));
  }

  @Override
  public void onMessageAck(Message<?> message) {
    // Nothing to release: the id lives and dies with the message's context.
  }

  @Override
  public void onMessageNack(Message<?> message, Throwable failure) {
    // Idem.
  }

  private static Optional<String> received(Message<?> message) {
    Optional<IncomingCloudEventMetadata> cloudEvent =
        message.getMetadata(IncomingCloudEventMetadata.class);
    Optional<String> id =
        cloudEvent.flatMap(ce -> ce.getExtension(Correlation.EXTENSION)).map(Object::toString);
    if (id.isPresent() && !Correlation.isUsable(id.get())) {
      // The id itself stays out of the log: it is what cannot be trusted to print safely.
      Log.warnf(
          "CloudEvent %s has an unusable correlation id (blank, over %d characters or not"
              + " printable ASCII); a new one replaces it",
          cloudEvent.get().getId(), Correlation.MAX_LENGTH);
      return Optional.empty();
    }
    return id;
  }
}
