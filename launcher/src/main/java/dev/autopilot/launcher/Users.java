package dev.autopilot.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code autopilot user add NAME --project KEY --role viewer|reviewer}: a local user with a role in
 * one project only ({@code autopilot:KEY:ROLE}), added to the local credentials file. The
 * api-service reads the file at start, so the user signs in after the next {@code autopilot up}.
 */
final class Users {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]{1,9}");

  private Users() {}

  static void run(String[] args) throws IOException {
    Path home = Path.of(System.getProperty("autopilot.home", ".")).toAbsolutePath();
    Path data = home.resolve(".autopilot");
    String name = null;
    String project = null;
    String role = "viewer";
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "add" -> name = i + 1 < args.length ? args[++i] : null;
        case "--project" -> project = args[++i].toLowerCase(java.util.Locale.ROOT);
        case "--role" -> role = args[++i];
        case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "usage: autopilot user add NAME --project KEY [--role viewer|reviewer]"
              + " (NAME: lower-case letters, digits, . _ -)");
    }
    if (project == null || !KEY.matcher(project).matches()) {
      throw new IllegalArgumentException("--project KEY is required: the project's key, e.g. shop");
    }
    if (!role.equals("viewer") && !role.equals("reviewer")) {
      throw new IllegalArgumentException("--role is viewer or reviewer");
    }
    Path file = data.resolve("local-credentials.properties");
    Properties users = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        users.load(in);
      }
    }
    if (users.getProperty(name + ".password") != null) {
      throw new IllegalArgumentException("user " + name + " exists in " + file);
    }
    byte[] raw = new byte[18];
    new SecureRandom().nextBytes(raw);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    users.setProperty(name + ".password", password);
    users.setProperty(name + ".roles", "autopilot:" + project + ":" + role);
    Files.createDirectories(data);
    Path tmp = Files.createTempFile(data, "credentials", ".tmp");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      users.store(out, "Autopilot local users: <user>.password / <user>.roles");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    LocalStack.log("User " + name + " (" + role + " of project " + project + "): " + password);
    LocalStack.log("It signs in after the next ./autopilot up.");
  }
}
