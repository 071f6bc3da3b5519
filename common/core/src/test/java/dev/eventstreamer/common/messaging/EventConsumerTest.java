package dev.eventstreamer.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eventstreamer.common.cloudevents.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.DefaultCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/**
 * A message whose store keeps failing (the database is down) is tried again until it goes in, then
 * acknowledged: never nacked, which would stop the channel; one that can never apply is skipped.
 */
class EventConsumerTest {

  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicReference<Throwable> nacked = new AtomicReference<>();

  @Test
  void aStoreThatFailsForAWhileIsRetriedUntilItSucceedsAndNeverNacked() {
    AtomicInteger attempts = new AtomicInteger();
    // Six failures: the consumer used to give up (nack) after the sixth.
    EventConsumer.consume(
            "test-channel",
            message(),
            event ->
                attempts.incrementAndGet() <= 6
                    ? Uni.createFrom().failure(new IllegalStateException("database down"))
                    : Uni.createFrom().voidItem())
        .await()
        .atMost(Duration.ofMinutes(1));
    assertEquals(7, attempts.get(), "tried until the store answered");
    assertEquals(1, acks.get());
    assertNull(nacked.get());
  }

  @Test
  void anEventThatCanNeverApplyIsSkippedAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    EventConsumer.consume(
            "test-channel",
            message(),
            event -> {
              attempts.incrementAndGet();
              return Uni.createFrom().failure(new InvalidEventException("no id"));
            })
        .await()
        .atMost(Duration.ofSeconds(10));
    assertEquals(1, attempts.get());
    assertEquals(1, acks.get());
    assertNull(nacked.get());
  }

  private Message<byte[]> message() {
    byte[] payload = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    var cloudEvent =
        new DefaultCloudEventMetadataBuilder<byte[]>()
            .withSpecVersion("1.0")
            .withId("e-1")
            .withSource(URI.create("/test"))
            .withType("dev.eventstreamer.test")
            .withDataContentType("application/json")
            .withData(payload)
            .build();
    return Message.of(
        payload,
        Metadata.of(new DefaultIncomingCloudEventMetadata<>(cloudEvent)),
        () -> {
          acks.incrementAndGet();
          return CompletableFuture.completedFuture(null);
        },
        failure -> {
          nacked.set(failure);
          return CompletableFuture.completedFuture(null);
        });
  }
}
