package dev.eventstreamer.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka and AMQP 1.0 clients the tests talk to the brokers with. */
public final class Clients {

  private Clients() {}

  /** Sends one record and waits for the broker's ack. */
  public static void produce(String bootstrap, String topic, String key, String value)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  /** Reads {@code count} records of {@code topic} from the beginning with a new consumer group. */
  public static List<ConsumerRecord<String, String>> consume(
      String bootstrap, String topic, int count) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "group-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertEquals(count, records.size(), "records consumed from " + topic);
    return records;
  }

  /**
   * Connects over AMQP 1.0, attaches a receiver to a new address, sends {@code body} there with an
   * ack and returns the body received.
   */
  public static String amqpRoundTrip(
      String host, int port, String user, String password, String body) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AmqpClient client =
          AmqpClient.create(
              vertx,
              new AmqpClientOptions()
                  .setHost(host)
                  .setPort(port)
                  .setUsername(user)
                  .setPassword(password));
      AmqpConnection connection = await(client.connect());
      String address = "infra-test-" + UUID.randomUUID();
      CompletableFuture<AmqpMessage> received = new CompletableFuture<>();
      AmqpReceiver receiver = await(connection.createReceiver(address));
      receiver.handler(received::complete);
      AmqpSender sender = await(connection.createSender(address));
      await(sender.sendWithAck(AmqpMessage.create().withBody(body).build()));
      String result = received.get(10, TimeUnit.SECONDS).bodyAsString();
      await(connection.close());
      await(client.close());
      return result;
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
