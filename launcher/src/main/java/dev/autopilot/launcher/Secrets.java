package dev.autopilot.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Secrets the local run generates once and keeps owner-only under the data directory. */
final class Secrets {

  private Secrets() {}

  /** The key that encrypts board session cookies, so sign-ins survive a restart. */
  static String sessionSecret(Path dataDir) throws IOException {
    return generated(dataDir, "session.secret");
  }

  /** The local PostgreSQL superuser's password. */
  static String postgresPassword(Path dataDir) throws IOException {
    return generated(dataDir, "postgres.secret");
  }

  private static String generated(Path dataDir, String name) throws IOException {
    Path file = dataDir.resolve(name);
    if (!Files.exists(file)) {
      byte[] raw = new byte[48];
      new SecureRandom().nextBytes(raw);
      Path tmp = Files.createTempFile(dataDir, name, ".tmp");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
      Files.move(tmp, file);
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }
}
