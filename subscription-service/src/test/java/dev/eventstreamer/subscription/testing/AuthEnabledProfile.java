package dev.eventstreamer.subscription.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application with API keys required (the only second profile of this module's tests). */
public class AuthEnabledProfile implements QuarkusTestProfile {

  public static final String ADMIN_KEY = "admin-key-for-tests-0123456789";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("subscription.auth.enabled", "true", "subscription.auth.admin-key", ADMIN_KEY);
  }
}
