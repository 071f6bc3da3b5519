package dev.eventstreamer.chainconfig;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every Quarkus test of the service runs one application against a fresh database on the real
 * PostgreSQL and a Kafka broker of its own ({@link ChainTestBroker}), so it starts once.
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(ChainTestBroker.class)
public final class ChainTestResources {
  private ChainTestResources() {}
}
