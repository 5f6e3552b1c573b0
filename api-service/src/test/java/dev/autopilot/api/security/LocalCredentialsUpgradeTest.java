package dev.autopilot.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An install from before the admin role gets an admin user and keeps every password it had. */
class LocalCredentialsUpgradeTest {

  @Test
  void anOlderCredentialsFileGainsAnAdminAndKeepsItsUsers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("local-credentials.properties");
    Files.writeString(
        file,
        "reviewer.password=old-reviewer-secret\nreviewer.roles=reviewer,viewer\n"
            + "viewer.password=old-viewer-secret\nviewer.roles=viewer\n"
            + "runner.password=old-runner-secret\nrunner.roles=runner\n");
    LocalCredentials credentials = new LocalCredentials(config(file));

    assertTrue(credentials.verify("reviewer", "old-reviewer-secret".toCharArray()).isPresent());
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    }
    assertEquals("old-viewer-secret", props.getProperty("viewer.password"));
    String admin = props.getProperty("admin.password");
    assertEquals(24, admin.length());
    assertEquals(
        Set.of("admin", "reviewer", "viewer"),
        credentials.verify("admin", admin.toCharArray()).orElseThrow().roles());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    // A second start changes nothing.
    new LocalCredentials(config(file));
    Properties again = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      again.load(in);
    }
    assertEquals(props, again);
  }

  private static AuthConfig config(Path file) {
    return new AuthConfig() {
      @Override
      public Mode mode() {
        return Mode.LOCAL;
      }

      @Override
      public String localCredentialsFile() {
        return file.toString();
      }

      @Override
      public String projectRolePrefix() {
        return "autopilot:";
      }
    };
  }
}
