package dev.eventstreamer.infra.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The endpoints every service answers the same way: {@code /health}, liveness, readiness with its
 * database check, OpenAPI and Prometheus metrics, and a body over the size limit. A service's test
 * extends it as a {@code @QuarkusTest} with its infrastructure declared on the subclass.
 */
public abstract class StandardEndpointsContract {

  private static final String API_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  @TestHTTPResource("/")
  URL root;

  /** Where {@link #answersABodyOverTheLimitToAClientThatWritesItAllFirst} posts: a real write. */
  protected String writePath() {
    return "/health";
  }

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

  @Test
  void answersABodyOverTheLimitToAClientThatWritesItAllFirst() throws Exception {
    long limit =
        ConfigProvider.getConfig()
            .getValue("quarkus.http.limits.max-body-size", MemorySize.class)
            .asLongValue();
    String detail = "The request body is larger than " + limit + " bytes";
    // As Python's urllib sends it: no Expect: 100-continue, the whole body, then the answer.
    PlainHttpClient client = new PlainHttpClient(root.getHost(), root.getPort(), 30_000);
    // 20 times just over the limit; 64 MiB a few times (common/core's BodyLimitTest,
    // subscription-service's OversizedBodyTest and RpcGatewayRouteTest send it 20 times).
    long[][] rounds = {{limit + 1024 * 1024, 20}, {Math.max(64 * 1024 * 1024, limit + 1), 3}};
    for (long[] round : rounds) {
      byte[] body = new byte[(int) round[0]];
      Arrays.fill(body, (byte) ' ');
      for (int i = 0; i < round[1]; i++) {
        String what = body.length + " bytes, attempt " + (i + 1);
        PlainHttpClient.Answer answer = client.post(writePath(), "application/json", body);
        assertEquals(413, answer.status(), what + ": " + answer);
        assertEquals("application/problem+json", answer.header("content-type"), what);
        JsonPath problem = JsonPath.from(answer.body());
        assertEquals(413, problem.getInt("status"), what);
        assertEquals(detail, problem.getString("detail"), what);
        assertEquals(writePath(), problem.getString("instance"), what);
      }
    }
  }
}
