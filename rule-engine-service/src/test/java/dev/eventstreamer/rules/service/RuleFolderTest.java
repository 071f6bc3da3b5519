package dev.eventstreamer.rules.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of rule-engine.rules-dir are in force when the service starts. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
@TestProfile(RuleFolderTest.WithRulesDir.class)
class RuleFolderTest {

  static final Path FOLDER;

  static {
    try {
      FOLDER = Files.createTempDirectory("rules-dir");
      FOLDER.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String LARGE =
      "{\"id\": \"large-transfer\", \"flavor\": \"task\", \"event_type\": \"Transfer\","
          + " \"filters\": [\"$number(event.data.value) >= %d\"], \"emit\": \"large-transfer\"}";

  /** Starts the service with a folder holding one rule. */
  public static class WithRulesDir implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Files.writeString(FOLDER.resolve("large.json"), LARGE.formatted(1000));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Map.of("rule-engine.rules-dir", FOLDER.toString());
    }
  }

  @Inject RuleFolder folder;

  @Test
  void theFoldersRulesAreStoredAtStartAndAChangedFileMakesANewVersion() throws IOException {
    given()
        .get("/api/rules/large-transfer")
        .then()
        .statusCode(200)
        .body("flavor", equalTo("task"))
        .body("version", equalTo(1))
        .body("filters[0]", equalTo("$number(event.data.value) >= 1000"));

    // The same folder again (a restart, a second replica): nothing changes.
    folder.load(FOLDER);
    given().get("/api/rules/large-transfer").then().body("version", equalTo(1));

    Files.writeString(FOLDER.resolve("large.json"), LARGE.formatted(5000));
    folder.load(FOLDER);
    given()
        .get("/api/rules/large-transfer")
        .then()
        .body("version", equalTo(2))
        .body("filters[0]", equalTo("$number(event.data.value) >= 5000"));
  }
}
