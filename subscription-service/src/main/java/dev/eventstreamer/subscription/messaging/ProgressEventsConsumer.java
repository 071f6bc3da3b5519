package dev.eventstreamer.subscription.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.messaging.EventConsumer;
import dev.eventstreamer.subscription.service.ProgressService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Applies stream-service's delivery progress to subscriptions. */
@ApplicationScoped
public class ProgressEventsConsumer {

  private final ProgressService progress;

  public ProgressEventsConsumer(ProgressService progress) {
    this.progress = progress;
  }

  @Incoming(Channels.PROGRESS_EVENTS)
  public Uni<Void> consume(Message<?> message) {
    return EventConsumer.consume(Channels.PROGRESS_EVENTS, message, progress::apply);
  }
}
