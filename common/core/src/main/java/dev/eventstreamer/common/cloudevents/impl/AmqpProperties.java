package dev.eventstreamer.common.cloudevents.impl;

import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The AMQP side of an outgoing event, kept in its own class so the AMQP connector is only loaded
 * when it is on the classpath.
 */
public final class AmqpProperties {

  /** Whether the SmallRye AMQP connector is there to read the metadata. */
  public static final boolean PRESENT = present();

  private AmqpProperties() {}

  /**
   * Durable (an event survives a broker restart, as on Kafka) and grouped by partition key: Artemis
   * hands a group to one consumer at a time, in order, as a Kafka partition does.
   */
  public static Metadata add(Metadata metadata, String partitionKey) {
    var amqp = OutgoingAmqpMetadata.builder().withDurable(true);
    if (partitionKey != null) {
      amqp.withGroupId(partitionKey);
    }
    return metadata.with(amqp.build());
  }

  private static boolean present() {
    try {
      Class.forName(
          "io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata",
          false,
          AmqpProperties.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
