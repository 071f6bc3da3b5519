package dev.eventstreamer.infra.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The endpoints every service answers the same way: {@code /health}, liveness, readiness with its
 * database check, OpenAPI and Prometheus metrics. A service's test extends it as a
 * {@code @QuarkusTest} with its infrastructure declared on the subclass.
 */
public abstract class StandardEndpointsContract {

  private static final String API_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  @Test
  void healthAnswersHealthyWithTheCurrentTimeInApiFormat() {
    Instant before = Instant.now().minusMillis(1);
    String timestamp =
        given()
            .when()
            .get("/health")
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .body("status", equalTo("healthy"))
            .body("timestamp", matchesPattern(API_TIMESTAMP))
            .extract()
            .path("timestamp");
    Instant answered = Instant.parse(timestamp);
    assertTrue(
        !answered.isBefore(before.minusMillis(1))
            && answered.isBefore(Instant.now().plus(Duration.ofSeconds(1))),
        "timestamp " + timestamp + " is not the time of the request");
  }

  @Test
  void livenessIsUp() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void readinessIsUpAndIncludesTheDatabase() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.findAll { it.name.contains('PostgreSQL') }.status", hasSize(greaterThan(0)))
        .body("checks.findAll { it.name.contains('PostgreSQL') }.status", everyItem(equalTo("UP")));
  }

  @Test
  void openApiDocumentsTheHealthEndpoint() {
    given()
        .accept(ContentType.JSON)
        .when()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("openapi", matchesPattern("3\\..*"))
        .body("paths", hasKey("/health"));
  }

  @Test
  void metricsArePrometheusTextAndCountHealthRequests() {
    given().when().get("/health").then().statusCode(200);
    // Prometheus asks for the text format; without it the registry answers OpenMetrics.
    given()
        .accept("text/plain")
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .contentType(containsString("text/plain"))
        .body(containsString("# TYPE http_server_requests_seconds"))
        .body(containsString("uri=\"/health\""));
  }
}
