package dev.eventstreamer.common;

import dev.eventstreamer.infra.artemis.ArtemisTestResource;
import dev.eventstreamer.infra.kafka.KafkaTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every Quarkus test of common/core runs one application against the same real PostgreSQL, Kafka
 * and Artemis, so the application starts once for all of them.
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ArtemisTestResource.class)
public final class CoreTestResources {
  private CoreTestResources() {}
}
