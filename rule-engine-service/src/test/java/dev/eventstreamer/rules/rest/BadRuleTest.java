package dev.eventstreamer.rules.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.eventstreamer.infra.postgres.PostgresTestResource;
import dev.eventstreamer.rules.testing.RuleEngineTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rule is checked when saved: every bad one gets a 400 problem+json naming the field (and, for a
 * JSONata expression or a regex, where in it), and nothing is stored.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(RuleEngineTestResource.class)
class BadRuleTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // case | rule (id filled in) | field | words of the message
        "unknown flavor | {'flavor':'lambda','event_type':'T'} | flavor | must be one of",
        "no flavor | {'event_type':'T'} | flavor | is required",
        "no event type | {'flavor':'collect'} | event_type | is required",
        "blank event type | {'flavor':'collect','event_type':' '} | event_type | blank",
        "empty type list | {'flavor':'collect','event_type':[]} | event_type | at least one",
        "bad type in list | {'flavor':'collect','event_type':['A',3]} | event_type[1] | non-blank",
        "bad regex | {'flavor':'collect','event_type':{'regex':'thing-(['}} | event_type.regex | at index",
        "regex with more | {'flavor':'collect','event_type':{'regex':'a','x':1}} | event_type | nothing else",
        "bad filter | {'flavor':'collect','event_type':'T','filters':['true','event.data.value >']} | filters[1] | at position",
        "filters not a list | {'flavor':'collect','event_type':'T','filters':'true'} | filters | list",
        "filter not a string | {'flavor':'collect','event_type':'T','filters':[true]} | filters[0] | string",
        "missing update request | {'flavor':'materialize','event_type':'T'} | to_update_request | is required for a materialize rule",
        "missing correlation key | {'flavor':'correlate','event_type':'T'} | correlation_key | is required",
        "missing emit | {'flavor':'evaluate','event_type':'T'} | emit | is required",
        "missing topic | {'flavor':'sns','event_type':'T','to_message':'event'} | topic_arn | is required",
        "missing queue and message | {'flavor':'sqs','event_type':'T'} | queue_url | is required",
        "s3 with nothing to do | {'flavor':'s3','event_type':'T','bucket_name':'b'} | to_put_request | at least one",
        "field of another flavor | {'flavor':'collect','event_type':'T','to_update_request':'x'} | to_update_request | not a field of a collect rule",
        "typo | {'flavor':'task','event_type':'T','emit':'x','emitt':'y'} | emitt | not a field",
        "bad update request | {'flavor':'materialize','event_type':'T','to_update_request':'{ key: '} | to_update_request | at position",
        "bad emit expression | {'flavor':'task','event_type':'T','emit':'{ $$ }'} | emit | JSONata",
        "bad id | {'id':'Big_Id','flavor':'collect','event_type':'T'} | id | must match",
        "too long id | {'id':'a12345678901234567890123456789012345678901234567890123456789012345','flavor':'collect','event_type':'T'} | id | must match",
        "enabled not a boolean | {'flavor':'collect','event_type':'T','enabled':'yes'} | enabled | true or false",
        "parallel zero | {'flavor':'collect','event_type':'T','parallel':0} | parallel | between",
        "rate without ms | {'flavor':'collect','event_type':'T','rate':{'num':5}} | rate | ms",
        "ttl negative | {'flavor':'collect','event_type':'T','ttl':-1} | ttl | positive",
        "expire a number | {'flavor':'collect','event_type':'T','expire':3} | expire | true, false",
        "compact with junk | {'flavor':'task','event_type':'T','emit':'x','compact':{'by':'x'}} | compact.by | not a field",
        "bad compact group | {'flavor':'task','event_type':'T','emit':'x','compact':{'group':'(('}} | compact.group | JSONata",
        "flag not a boolean | {'flavor':'update','event_type':'T','to_update_request':'x','skip_latched':1} | skip_latched | true or false",
      })
  void isRefusedNamingTheField(String name, String rule, String field, String words) {
    String id = "bad-" + Math.abs(name.hashCode());
    String body = rule.replace('\'', '"');
    if (!body.contains("\"id\"")) {
      body = "{\"id\":\"" + id + "\"," + body.substring(1);
    }
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/rules")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("violations.field", hasItem(field))
        .body("violations.find { it.field == '" + field + "' }.message", containsString(words));
    given().get("/api/rules/" + id).then().statusCode(404);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not an object | [1,2]",
        "a string | \"rule\"",
        "malformed JSON | {\"id\": \"x\", ",
      })
  void aBodyThatIsNoRuleIsRefused(String name, String body) {
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/rules")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @org.junit.jupiter.api.Test
  void everyBadFieldIsNamedAtOnce() {
    List<Map<String, String>> violations =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"id\":\"x y\",\"flavor\":\"materialize\",\"event_type\":{\"regex\":\"(\"},"
                    + "\"filters\":[\"$sum(\"]}")
            .post("/api/rules")
            .then()
            .statusCode(400)
            .extract()
            .path("violations");
    List<String> fields = violations.stream().map(v -> v.get("field")).toList();
    org.junit.jupiter.api.Assertions.assertEquals(
        java.util.Set.of("id", "event_type.regex", "filters[0]", "to_update_request"),
        java.util.Set.copyOf(fields));
    org.junit.jupiter.api.Assertions.assertEquals(4, fields.size(), fields.toString());
  }
}
