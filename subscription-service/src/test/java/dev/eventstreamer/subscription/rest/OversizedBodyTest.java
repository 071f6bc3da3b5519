package dev.eventstreamer.subscription.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.infra.testing.PlainHttpClient;
import dev.eventstreamer.infra.testing.PlainHttpClient.Answer;
import dev.eventstreamer.subscription.testing.Bodies;
import dev.eventstreamer.subscription.testing.Listing;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A create over the 1 MiB limit, sent as Python's urllib or aiohttp send it (no {@code Expect:
 * 100-continue}, the whole body written before the answer is read), gets its 413 problem every
 * time, whatever the body's size; nothing is stored.
 */
@QuarkusTest
class OversizedBodyTest {

  private static final String SUBSCRIBER = "oversized-body-subscriber";
  private static final String DETAIL = "The request body is larger than 1048576 bytes";

  @TestHTTPResource("/")
  URL root;

  @Test
  void answersAPlainClientsOversizedCreateWithAProblemEveryTime() throws Exception {
    byte[] padded =
        ("{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
    byte[] addresses = createWithAddresses(100_000);
    assertTrue(addresses.length > 4_500_000, "a create of " + addresses.length + " bytes");
    byte[] huge = new byte[64 * 1024 * 1024];
    Arrays.fill(huge, (byte) ' ');
    long before = Listing.total(SUBSCRIBER);
    PlainHttpClient client = new PlainHttpClient(root.getHost(), root.getPort(), 30_000);
    for (byte[] body : new byte[][] {padded, addresses, huge}) {
      for (int i = 0; i < 20; i++) {
        String what = body.length + " bytes, attempt " + (i + 1);
        assertTooLarge(client.post("/subscriptions", "application/json", body), what);
      }
    }
    assertTooLarge(client.postChunked("/subscriptions", "application/json", addresses), "chunked");
    assertEquals(before, Listing.total(SUBSCRIBER));
  }

  @Test
  void takesAChunkedCreateWithinTheLimit() throws Exception {
    PlainHttpClient client = new PlainHttpClient(root.getHost(), root.getPort(), 30_000);
    Answer created =
        client.postChunked(
            "/subscriptions",
            "application/json",
            Bodies.transfer(SUBSCRIBER + "-chunked").toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(201, created.status(), created.toString());
    assertEquals(SUBSCRIBER + "-chunked", JsonPath.from(created.body()).getString("subscriber_id"));
  }

  private static void assertTooLarge(Answer answer, String what) {
    assertEquals(413, answer.status(), what + ": " + answer);
    assertEquals("application/problem+json", answer.header("content-type"), what);
    JsonPath problem = JsonPath.from(answer.body());
    assertEquals(413, problem.getInt("status"), what);
    assertEquals(DETAIL, problem.getString("detail"), what);
    assertEquals("/subscriptions", problem.getString("instance"), what);
  }

  private static byte[] createWithAddresses(int n) {
    ObjectNode body = Bodies.transfer(SUBSCRIBER);
    ArrayNode addresses = body.putArray("addresses");
    HexFormat hex = HexFormat.of();
    byte[] address = new byte[20];
    for (int i = 0; i < n; i++) {
      address[16] = (byte) (i >>> 24);
      address[17] = (byte) (i >>> 16);
      address[18] = (byte) (i >>> 8);
      address[19] = (byte) i;
      addresses.add("0x" + hex.formatHex(address));
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
