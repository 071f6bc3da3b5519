package dev.eventstreamer.stream.testing;

import dev.eventstreamer.infra.devchain.DevChainTestResource;
import dev.eventstreamer.infra.kafka.KafkaTestResource;
import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every Quarkus test of this module runs one application against a fresh database on the real
 * PostgreSQL, the Kafka KRaft broker, the Hardhat dev chain, the real chain-config-service in front
 * of it and the real subscription-service, so the application starts once for all (again for each
 * test profile: then on another fresh database, in a consumer group of its own).
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(DevChainTestResource.class)
@QuarkusTestResource(ChainConfigGateway.class)
@QuarkusTestResource(SubscriptionServiceApp.class)
@QuarkusTestResource(FreshConsumerGroup.class)
public final class StreamTestResources {
  private StreamTestResources() {}
}
