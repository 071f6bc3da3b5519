package dev.eventstreamer.common.outbox;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The test application's outbox channels, declared the way a service declares its own. */
@ApplicationScoped
public class OutboxTestChannels {

  /** On the shared broker. */
  static final String EVENTS = "outbox-test-events";

  /** On a broker of its own that the restart test stops and starts. */
  static final String RESTART = "outbox-test-restart";

  @Produces
  @Singleton
  OutboxChannel events(@Channel(EVENTS) MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(EVENTS, emitter);
  }

  @Produces
  @Singleton
  OutboxChannel restart(@Channel(RESTART) MutinyEmitter<byte[]> emitter) {
    return OutboxChannel.of(RESTART, emitter);
  }
}
