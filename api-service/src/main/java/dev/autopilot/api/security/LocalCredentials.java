package dev.autopilot.api.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Users of the local (embedded) mode, which has no identity provider but must never be open. On
 * first start it generates one user per role with a random password, writes them to an owner-only
 * file and prints them once. Format: {@code <user>.password} and {@code <user>.roles}.
 */
@Startup
@ApplicationScoped
public class LocalCredentials {

  private static final Logger LOG = Logger.getLogger(LocalCredentials.class);
  private static final Map<String, String> DEFAULT_USERS =
      Map.of(
          Roles.ADMIN,
          Roles.ADMIN + "," + Roles.REVIEWER + "," + Roles.VIEWER,
          Roles.REVIEWER,
          Roles.REVIEWER + "," + Roles.VIEWER,
          Roles.VIEWER,
          Roles.VIEWER,
          Roles.RUNNER,
          Roles.RUNNER);

  private final Map<String, User> users;

  /** A local user; the password is compared in constant time. */
  public record User(String name, byte[] password, Set<String> roles) {}

  public LocalCredentials(AuthConfig config) {
    this.users =
        config.mode() == AuthConfig.Mode.LOCAL
            ? load(Path.of(config.localCredentialsFile()))
            : Map.of();
  }

  /** The user with this name and password, if both match. */
  public Optional<User> verify(String name, char[] password) {
    User user = users.get(name);
    byte[] given = new String(password).getBytes(StandardCharsets.UTF_8);
    // Compare against a dummy when the user is unknown so timing does not reveal user names.
    byte[] expected = user == null ? new byte[32] : user.password();
    boolean match = MessageDigest.isEqual(sha256(given), sha256(expected));
    Arrays.fill(given, (byte) 0);
    return match && user != null ? Optional.of(user) : Optional.empty();
  }

  /** A known user by name: for sessions whose login was already verified (form cookie). */
  public Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  private static Map<String, User> load(Path file) {
    try {
      Properties props = new Properties();
      if (Files.exists(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          props.load(in);
        }
      }
      // A first start makes every role's user; an upgrade adds the roles it did not know (admin).
      if (addMissingUsers(props, file)) {
        write(file, props);
      }
      Map<String, User> loaded = new LinkedHashMap<>();
      for (String key : props.stringPropertyNames()) {
        if (!key.endsWith(".password")) {
          continue;
        }
        String name = key.substring(0, key.length() - ".password".length());
        Set<String> roles =
            Arrays.stream(props.getProperty(name + ".roles", "").split(","))
                .map(String::trim)
                .filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        byte[] password = props.getProperty(key).getBytes(StandardCharsets.UTF_8);
        loaded.put(name, new User(name, password, roles));
      }
      LOG.infof("Local mode: %d users loaded from %s", loaded.size(), file.toAbsolutePath());
      return Map.copyOf(loaded);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read local credentials " + file, e);
    }
  }

  private static boolean addMissingUsers(Properties props, Path file) {
    SecureRandom random = new SecureRandom();
    StringBuilder banner = new StringBuilder("\n\nLocal credentials (generated once, kept in ");
    banner.append(file.toAbsolutePath()).append("):\n");
    boolean added = false;
    for (var entry : new TreeMap<>(DEFAULT_USERS).entrySet()) {
      if (props.getProperty(entry.getKey() + ".password") != null) {
        continue;
      }
      byte[] raw = new byte[18];
      random.nextBytes(raw);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      props.setProperty(entry.getKey() + ".password", password);
      props.setProperty(entry.getKey() + ".roles", entry.getValue());
      banner.append(String.format("  %-9s %s%n", entry.getKey(), password));
      added = true;
    }
    if (added) {
      LOG.info(banner);
    }
    return added;
  }

  private static void write(Path file, Properties props) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "credentials", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Non-POSIX file systems: rely on the directory's permissions.
    }
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      props.store(out, "Autopilot local users: <user>.password / <user>.roles");
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
