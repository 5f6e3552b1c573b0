package dev.autopilot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code autopilot user add}: a local user with a role in one project, kept owner-only. */
class UsersTest {

  @Test
  void addsAUserOfOneProjectBesideTheGeneratedOnes(@TempDir Path data) throws Exception {
    Path file = data.resolve("local-credentials.properties");
    Files.writeString(file, "reviewer.password=keep-me\nreviewer.roles=reviewer,viewer\n");
    Users.run(
        new String[] {
          "user", "add", "ann", "--project", "Shop", "--role", "reviewer", "--data", data.toString()
        });

    Properties users = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      users.load(in);
    }
    assertEquals("autopilot:shop:reviewer", users.getProperty("ann.roles"));
    assertEquals(24, users.getProperty("ann.password").length());
    assertEquals("keep-me", users.getProperty("reviewer.password"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    String[] again = {"user", "add", "ann", "--project", "shop", "--data", data.toString()};
    assertThrows(IllegalArgumentException.class, () -> Users.run(again), "no second ann");
    String[] badRole = {
      "user", "add", "bob", "--project", "shop", "--role", "admin", "--data", data.toString()
    };
    assertThrows(
        IllegalArgumentException.class, () -> Users.run(badRole), "admin is not a project role");
    String[] badKey = {"user", "add", "bob", "--project", "../x", "--data", data.toString()};
    assertThrows(IllegalArgumentException.class, () -> Users.run(badKey));
  }
}
