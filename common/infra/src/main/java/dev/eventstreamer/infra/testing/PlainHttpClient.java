package dev.eventstreamer.infra.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 client as plain as Python's urllib or aiohttp: it writes the request head and the
 * whole body (no {@code Expect: 100-continue}), and only then reads the answer. A server that
 * answers early and closes the connection while the body is still coming makes {@link #send} throw
 * (broken pipe, connection reset), as such a client fails.
 */
public final class PlainHttpClient {

  private static final int WRITE_SIZE = 64 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "plain-http-client-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  /** An answer: status, headers by lower-case name, body as text. */
  public record Answer(int status, Map<String, List<String>> headers, String body) {

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  private final String host;
  private final int port;
  private final int timeoutMillis;

  public PlainHttpClient(String host, int port, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  /** GETs {@code path}. */
  public Answer get(String path) throws IOException {
    String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n";
    return send(head, new byte[0], false);
  }

  /** POSTs {@code body} with its {@code Content-Length}. */
  public Answer post(String path, String contentType, byte[] body) throws IOException {
    return send(postHead(path, contentType, "Content-Length: " + body.length), body, false);
  }

  /** POSTs {@code body} with {@code Transfer-Encoding: chunked}, in chunks of 64 KiB. */
  public Answer postChunked(String path, String contentType, byte[] body) throws IOException {
    return send(postHead(path, contentType, "Transfer-Encoding: chunked"), body, true);
  }

  private String postHead(String path, String contentType, String framing) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: "
        + host
        + ":"
        + port
        + "\r\nContent-Type: "
        + contentType
        + "\r\n"
        + framing
        + "\r\n\r\n";
  }

  private Answer send(String head, byte[] body, boolean chunked) throws IOException {
    try (Socket socket = new Socket()) {
      // A write blocked by a server that stopped reading has no timeout of its own.
      ScheduledFuture<?> deadline =
          WATCHDOG.schedule(() -> closeQuietly(socket), timeoutMillis, TimeUnit.MILLISECONDS);
      try {
        return exchange(socket, head, body, chunked);
      } catch (IOException e) {
        if (deadline.isDone()) {
          throw new IOException("no answer within " + timeoutMillis + " ms", e);
        }
        throw e;
      } finally {
        deadline.cancel(false);
      }
    }
  }

  private Answer exchange(Socket socket, String head, byte[] body, boolean chunked)
      throws IOException {
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    for (int from = 0; from < body.length; from += WRITE_SIZE) {
      int length = Math.min(WRITE_SIZE, body.length - from);
      if (chunked) {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      out.write(body, from, length);
      if (chunked) {
        out.write(CRLF);
      }
    }
    if (chunked) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
    return read(socket.getInputStream());
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that is asked
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<String> length = headers.get("content-length");
    List<String> encoding = headers.get("transfer-encoding");
    if (length != null) {
      body.write(exactly(in, Integer.parseInt(length.get(0))));
    } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
      for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; ) {
        body.write(exactly(in, size));
        line(in);
        size = Integer.parseInt(line(in).trim(), 16);
      }
      line(in);
    } else {
      in.transferTo(body);
    }
    return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("the answer ended after " + bytes.length + " of " + n + " bytes");
    }
    return bytes;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection closed in the answer's head: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
