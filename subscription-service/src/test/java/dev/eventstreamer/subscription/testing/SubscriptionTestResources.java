package dev.eventstreamer.subscription.testing;

import dev.eventstreamer.infra.kafka.KafkaTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every Quarkus test of this module runs one application against the real PostgreSQL, the Kafka
 * KRaft broker and a WireMock chain-config-service, so the application starts once for all.
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ChainConfigStub.class)
public final class SubscriptionTestResources {
  private SubscriptionTestResources() {}
}
