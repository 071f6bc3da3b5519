package dev.eventstreamer.common.outbox;

import io.smallrye.reactive.messaging.MutinyEmitter;
import java.util.Objects;

/**
 * A channel the outbox relay publishes to; a service declares one CDI bean per channel it writes
 * through the outbox, and the relay serves exactly those.
 *
 * <pre>{@code
 * @Produces
 * @Singleton
 * OutboxChannel chainEvents(@Channel(Channels.CHAIN_EVENTS) MutinyEmitter<byte[]> emitter) {
 *   return OutboxChannel.of(Channels.CHAIN_EVENTS, emitter);
 * }
 * }</pre>
 */
public final class OutboxChannel {

  private final String name;
  private final MutinyEmitter<byte[]> emitter;

  private OutboxChannel(String name, MutinyEmitter<byte[]> emitter) {
    this.name = name;
    this.emitter = emitter;
  }

  /**
   * Rows whose channel is {@code name} go to {@code emitter}, as CloudEvents whose data is the JSON
   * of the row.
   */
  public static OutboxChannel of(String name, MutinyEmitter<byte[]> emitter) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an outbox channel needs a name");
    }
    return new OutboxChannel(name, Objects.requireNonNull(emitter, "emitter"));
  }

  public String name() {
    return name;
  }

  public MutinyEmitter<byte[]> emitter() {
    return emitter;
  }

  @Override
  public String toString() {
    return "OutboxChannel[" + name + "]";
  }
}
