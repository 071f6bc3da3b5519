package dev.eventstreamer.stream.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to the other services the tests run, as their clients call them. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private Http() {}

  /** Sends {@code body} (or nothing when null) as JSON and returns the answer, whatever it is. */
  static HttpResponse<String> send(String method, String url, String body) {
    return send(method, url, body, null);
  }

  /** As {@link #send(String, String, String)}, with {@code apiKey} (unless null) as a bearer. */
  public static HttpResponse<String> send(String method, String url, String body, String apiKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            // The published client's HTTP library waits minutes; a cold first call to a service
            // on a busy 2-core machine has taken over 10 s.
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + url + " interrupted", e);
    }
  }
}
