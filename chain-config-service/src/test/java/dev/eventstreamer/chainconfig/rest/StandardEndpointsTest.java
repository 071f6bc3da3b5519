package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.infra.testing.StandardEndpointsContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** chain-config-service answers the standard endpoints against a real, fresh database. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class StandardEndpointsTest extends StandardEndpointsContract {}
