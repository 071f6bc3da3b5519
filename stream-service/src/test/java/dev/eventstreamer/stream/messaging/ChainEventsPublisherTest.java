package dev.eventstreamer.stream.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.devchain.TestToken;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import dev.eventstreamer.stream.testing.ChainConfigGateway;
import dev.eventstreamer.stream.testing.ChainEventsReadBack;
import dev.eventstreamer.stream.testing.EventLog;
import dev.eventstreamer.stream.testing.StreamTestResources;
import dev.eventstreamer.stream.testing.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Every event of a log reaches chain-events on the real broker, in log order, once each. */
@QuarkusTest
class ChainEventsPublisherTest {

  static {
    StreamTestResources.class.getName();
  }

  static final ObjectMapper JSON = new ObjectMapper();

  @Inject Pool pool;

  @Inject ChainEventsReadBack readBack;

  @Test
  void publishesEachEventOfTheLogAsAChainLogCloudEvent() throws Exception {
    DevChain chain = DevChain.shared();
    TestToken token = chain.deployToken();
    long start = chain.blockNumber();
    token.emitTransfers(chain.accounts().get(5), 7);
    token.mint(chain.accounts().get(5), BigInteger.TEN);
    long id = Subscriptions.create(ChainConfigGateway.CHAIN, token.address(), start, null);
    EventLog log = new EventLog(pool);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> log.count(id) == 8);
    List<EventLog.Event> events = log.events(id);

    try (KafkaTopicReader reader =
        new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.CHAIN_EVENTS)) {
      String key = Long.toString(id);
      List<KafkaTopicReader.Received> published =
          reader.await(r -> key.equals(r.key()), 8, Duration.ofSeconds(30));
      assertEquals(8, published.size());
      for (int i = 0; i < 8; i++) {
        KafkaTopicReader.Received r = published.get(i);
        EventLog.Event e = events.get(i);
        assertEquals(e.eventId(), r.id(), "the CloudEvent id is the event's id");
        assertEquals(EventTypes.CHAIN_LOG, r.header("ce_type"));
        assertEquals(EventSources.STREAM_SERVICE, r.header("ce_source"));
        assertEquals(key, r.header("ce_subject"));
        assertEquals(e.payload(), JSON.readTree(r.value()), "the data is the event object");
      }
      // Nothing is published twice once acknowledged.
      assertEquals(8, reader.drainFor(r -> key.equals(r.key()), Duration.ofSeconds(2)).size());
    }

    // A consumer of the channel through the SmallRye connector reads the same CloudEvents.
    List<EventEnvelope> read =
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> readBack.withSubject(Long.toString(id)), r -> r.size() >= 8);
    assertEquals(8, read.size());
    for (int i = 0; i < 8; i++) {
      EventEnvelope r = read.get(i);
      EventLog.Event e = events.get(i);
      assertEquals(e.eventId(), r.id());
      assertEquals(EventTypes.CHAIN_LOG, r.type());
      assertEquals(EventSources.STREAM_SERVICE, r.source().toString());
      assertEquals(Long.toString(id), r.partitionKey());
      assertEquals(
          OffsetDateTime.parse(e.payload().get("timestamp").asText()).toInstant(),
          r.time().toInstant(),
          "the CloudEvent time is the block time");
      assertEquals(e.payload(), r.data());
    }
  }
}
