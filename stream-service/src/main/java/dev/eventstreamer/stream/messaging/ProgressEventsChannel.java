package dev.eventstreamer.stream.messaging;

import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.common.outbox.OutboxChannel;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Declares progress-events as an outbox channel: the relay publishes its rows there. */
@ApplicationScoped
public class ProgressEventsChannel {

  @Produces
  @Singleton
  OutboxChannel progressEvents(@Channel(Channels.PROGRESS_EVENTS) MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(Channels.PROGRESS_EVENTS, emitter);
  }
}
