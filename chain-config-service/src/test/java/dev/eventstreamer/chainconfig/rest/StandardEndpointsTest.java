package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.infra.testing.StandardEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

/**
 * chain-config-service answers the standard endpoints against a real, fresh database (the shared
 * test application, see ChainTestResources).
 */
@QuarkusTest
class StandardEndpointsTest extends StandardEndpointsContract {

  @Override
  protected String writePath() {
    return "/api/chains";
  }
}
