package dev.eventstreamer.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.testing.PlainHttpClient;
import dev.eventstreamer.infra.testing.PlainHttpClient.Answer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A body over {@code quarkus.http.limits.max-body-size} (Quarkus' default, 10240K, in the test
 * application) gets its 413 problem even when the client writes all of it before it reads: the
 * service reads and drops the rest of the body before it closes the connection.
 */
@QuarkusTest
class BodyLimitTest {

  private static final String PATH = "/problem-test/subscriptions";
  private static final long LIMIT = 10 * 1024 * 1024;
  private static final String PROBLEM =
      "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
          + "\"detail\":\"The request body is larger than "
          + LIMIT
          + " bytes\",\"instance\":\""
          + PATH
          + "\"}";

  @TestHTTPResource("/")
  URL root;

  private PlainHttpClient client() {
    return new PlainHttpClient(root.getHost(), root.getPort(), 30_000);
  }

  @Test
  void answersAClientThatWritesTheWholeBodyFirst() throws IOException {
    for (int size : new int[] {(int) LIMIT + 1, 12 * 1024 * 1024, 64 * 1024 * 1024}) {
      byte[] body = filler(size);
      for (int i = 0; i < 20; i++) {
        Answer answer = client().post(PATH, "application/json", body);
        assertTooLarge(answer, size + " bytes, attempt " + (i + 1));
      }
    }
  }

  @Test
  void answersAChunkedBodyOverTheLimitWithAProblemToo() throws IOException {
    for (int size : new int[] {(int) LIMIT + 1, 64 * 1024 * 1024}) {
      byte[] body = filler(size);
      for (int i = 0; i < 5; i++) {
        Answer answer = client().postChunked(PATH, "application/json", body);
        assertTooLarge(answer, "chunked " + size + " bytes, attempt " + (i + 1));
      }
    }
  }

  @Test
  void passesAChunkedBodyWithinTheLimitToTheResource() throws IOException {
    String create =
        "{\"chain_id\":1,\"subscriber_id\":\"s\",\"event_signature\":{\"name\":\"Transfer\","
            + "\"inputs\":[{\"name\":\"from\",\"internal_type\":\"address\"}]}}";
    Answer answer =
        client().postChunked(PATH, "application/json", create.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, answer.status(), answer.toString());
    assertTrue(answer.body().contains("\"internal_type\":\"address\""), answer.body());
    // A JSON body that is wrong still gets the resource's own answer, not a lost body.
    Answer empty = client().postChunked(PATH, "application/json", new byte[0]);
    assertEquals(400, empty.status(), empty.toString());
  }

  @Test
  void answersOnTheHeadWhenTheClientWaitsForContinue() throws IOException {
    String head =
        "POST "
            + PATH
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Expect: 100-continue\r\nContent-Length: 20000000\r\n\r\n";
    try (Socket socket = new Socket(root.getHost(), root.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readHead(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    }
  }

  @Test
  void cutsOffAClientThatSendsFarMoreThanItIsAllowedToDiscard() {
    // eventstreamer.http.refused-body.discard-limit is 100M in the test application.
    byte[] body = filler(160 * 1024 * 1024);
    assertThrows(IOException.class, () -> client().post(PATH, "application/json", body));
  }

  private static void assertTooLarge(Answer answer, String what) {
    assertEquals(413, answer.status(), what + ": " + answer);
    assertEquals(ProblemException.MEDIA_TYPE, answer.header("content-type"), what);
    assertEquals("close", answer.header("connection"), what);
    assertEquals(PROBLEM, answer.body(), what);
  }

  private static byte[] filler(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    return body;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (int c = in.read(); c >= 0; c = in.read()) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }
}
