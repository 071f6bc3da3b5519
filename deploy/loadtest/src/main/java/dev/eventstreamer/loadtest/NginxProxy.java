package dev.eventstreamer.loadtest;

import dev.eventstreamer.infra.Ports;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The native control for the gateway's added latency: nginx as a keep-alive reverse proxy to the
 * same fast upstream, with a worker per core and no logging. It is what a proxy hop written in C
 * costs on this machine, so it tells the machine's floor apart from the JVM's: when nginx itself
 * adds more than a budget at p99, no proxy on this machine can meet it.
 */
final class NginxProxy {

  private NginxProxy() {}

  /**
   * The {@code nginx} on PATH or in an sbin directory (Debian's package puts it there), or null.
   */
  static Path executable() {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"));
    for (String dir : dirs) {
      Path nginx = Path.of(dir, "nginx");
      if (!dir.isEmpty() && Files.isExecutable(nginx)) {
        return nginx;
      }
    }
    return null;
  }

  /** Starts nginx in {@code dir} (configuration, pid and error log go there). */
  static ProxyProcess start(Path nginx, int upstreamPort, Path dir)
      throws IOException, InterruptedException {
    int port = Ports.freePort();
    Files.createDirectories(dir.resolve("temp"));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(port, upstreamPort, dir));
    Path log = dir.resolve("nginx.out");
    // nginx's workers exit with their master, which stops on TERM.
    return ProxyProcess.start(
        "nginx",
        new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString()),
        port,
        log,
        log + ", " + dir.resolve("error.log"));
  }

  private static String config(int port, int upstreamPort, Path dir) {
    Path temp = dir.resolve("temp");
    return String.join(
        "\n",
        "daemon off;",
        "master_process on;",
        "worker_processes auto;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 1024; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + temp.resolve("body") + ";",
        "  proxy_temp_path " + temp.resolve("proxy") + ";",
        "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";",
        "  scgi_temp_path " + temp.resolve("scgi") + ";",
        "  upstream fast { server 127.0.0.1:" + upstreamPort + "; keepalive 64; }",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    location / {",
        "      proxy_pass http://fast;",
        "      proxy_http_version 1.1;",
        "      proxy_set_header Connection \"\";",
        "      proxy_buffering off;",
        "    }",
        "  }",
        "}",
        "");
  }
}
