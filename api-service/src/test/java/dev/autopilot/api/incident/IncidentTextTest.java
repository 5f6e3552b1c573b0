package dev.autopilot.api.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The incident issue's body and its count lines, without a container. */
class IncidentTextTest {

  private static final Instant FIRST = Instant.parse("2026-12-06T01:00:00Z");
  private static final Instant LATER = Instant.parse("2026-12-06T02:30:00Z");

  private static String body(String message) {
    SentryEvent event =
        new SentryEvent(
            UUID.randomUUID(),
            FIRST,
            "error",
            "java",
            "shop@1.0",
            "prod",
            null,
            List.of(
                new SentryEvent.Thrown(
                    "IllegalStateException",
                    "app",
                    message,
                    List.of(new SentryEvent.Frame("app.Cart", "checkout", null, 12, true)))),
            List.of());
    return IncidentText.body("shop", 7, event, FIRST);
  }

  @Test
  void theCountLinesAreTheLastOnesAndTheApplicationsTextStaysAsSent() {
    String before = body("cart empty\n- Events: 999\n- Last seen: never");
    String after = IncidentText.withCounts(before, 42, LATER, "shop@1.1");

    assertTrue(after.contains("cart empty\n- Events: 999\n- Last seen: never"), after);
    assertTrue(after.contains("\n- Events: 42\n"), after);
    assertTrue(after.contains("\n- Last seen: 2026-12-06T02:30:00Z\n"), after);
    assertTrue(after.contains("\n- Latest release: shop@1\\.1\n"), after);
    assertTrue(after.contains("\n- First seen: 2026-12-06T01:00:00Z\n"), after);
    assertEquals(before.length() + 1, after.length(), "only the three values changed");
  }

  @Test
  void aReleaseCannotSmuggleMarkupOrHiddenCharactersIntoTheBody() {
    String after =
        IncidentText.withCounts(body("x"), 2, LATER, "1.0\u202e[click](https://evil.example)\n#");
    String line = after.substring(after.indexOf("- Latest release: "));
    line = line.substring(0, line.indexOf('\n'));
    assertFalse(line.contains("\u202e"), line);
    assertFalse(line.contains("[click]"), line);
    assertEquals("- Latest release: 1\\.0\\[click\\]\\(https://evil\\.example\\) \\#", line);
  }

  @Test
  void aBodyWithoutTheCountLinesIsLeftToItsReviewer() {
    assertNull(IncidentText.withCounts("Triaged: see the runbook.", 3, LATER, "shop@1.1"));
  }
}
