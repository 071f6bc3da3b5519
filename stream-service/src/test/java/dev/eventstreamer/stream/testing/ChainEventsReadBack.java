package dev.eventstreamer.stream.testing;

import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * chain-events as a SmallRye consumer of the channel reads them (the test profile's {@code
 * chain-events-read-back} channel): what stream-service writes must parse as the CloudEvents every
 * other service's connector expects.
 */
@ApplicationScoped
public class ChainEventsReadBack {

  private final List<EventEnvelope> received = new CopyOnWriteArrayList<>();

  @Incoming("chain-events-read-back")
  CompletionStage<Void> receive(Message<byte[]> message) {
    received.add(CloudEventMessages.fromMessage(message));
    return message.ack();
  }

  /** The events read so far whose subject is {@code subject}, in the order read. */
  public List<EventEnvelope> withSubject(String subject) {
    return received.stream().filter(e -> subject.equals(e.subject())).toList();
  }
}
