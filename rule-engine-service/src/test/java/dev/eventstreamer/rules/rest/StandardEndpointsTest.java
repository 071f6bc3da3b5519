package dev.eventstreamer.rules.rest;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.infra.testing.StandardEndpointsContract;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** rule-engine-service answers the standard endpoints against a real, fresh database. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class StandardEndpointsTest extends StandardEndpointsContract {}
