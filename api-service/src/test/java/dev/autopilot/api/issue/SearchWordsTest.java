package dev.autopilot.api.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Caller;
import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Words as people copy them out of an issue (hex ids, SHAs, versions, paths, e-mail addresses,
 * URLs, hyphenated words), generated, each in the punctuation a text puts around it: searching for
 * one finds its issue, and only that one.
 */
@QuarkusTest
class SearchWordsTest {

  private static final String[] CONTEXTS = {
    "%s",
    "(%s)",
    "`%s`",
    "%s,",
    "%s.",
    "\"%s\"",
    "[see](%s)",
    "<%s>",
    "id=%s",
    "**%s**",
    "'%s'",
    "%s;",
    "|%s|",
    "%s:"
  };

  private final Random random = new Random(22);

  /** One generated word, where it was put, and its issue. */
  private record Case(String kind, String context, String word, long issue) {}

  @Test
  void everyWordCopiedOutOfAnIssueFindsItAndNoOtherIssue() {
    Map<String, IntFunction<String>> kinds =
        Map.of(
            "hex", i -> hex(10),
            "sha", i -> hex(40),
            "version",
                i ->
                    (10 + i)
                        + "."
                        + random.nextInt(100)
                        + "."
                        + random.nextInt(1000)
                        + "-rc"
                        + random.nextInt(10),
            "path", i -> "src/main/java/" + letters(6) + "/Foo" + letters(5) + ".java",
            "email", i -> "first." + letters(6) + "+tag@example-" + letters(5) + ".com",
            "url",
                i ->
                    "https://"
                        + letters(6)
                        + ".example.org/p/"
                        + letters(5)
                        + "?q="
                        + letters(4)
                        + "&r=2#frag",
            "hyphenated", i -> "well-" + letters(7) + "-known",
            "windows path", i -> "C:\\Temp\\" + letters(6) + "\\log.txt");
    List<Case> cases = new ArrayList<>();
    kinds.forEach(
        (kind, word) -> {
          for (int i = 0; i < CONTEXTS.length; i++) {
            String w = word.apply(i);
            String text = String.format(CONTEXTS[i], w);
            // Half in the title, half in the body.
            Map<String, Object> fields =
                i % 2 == 0
                    ? Map.of("title", "Corpus " + kind + " " + i, "body", "See " + text + " here.")
                    : Map.of("title", "Corpus " + text, "body", "nothing more");
            cases.add(new Case(kind, CONTEXTS[i], w, Fixtures.issue(fields)));
          }
        });
    // The issue's own case: a hex id the parser splits alone ('26e1' is a float) and holds whole
    // after a hyphen.
    String hex = "26e1" + hex(6);
    cases.add(new Case("hex", "x-%s", hex, Fixtures.issue(Map.of("title", "Event x-" + hex))));

    List<String> misses = new ArrayList<>();
    for (Case c : cases) {
      List<String> queries = new ArrayList<>(List.of(c.word(), c.word().toUpperCase()));
      if (c.kind().equals("sha")) {
        queries.add(c.word().substring(0, 12)); // a short SHA finds the full one
      }
      for (String q : queries) {
        List<Long> found = ids(q);
        if (!found.equals(List.of(c.issue()))) {
          misses.add(c.kind() + " in " + c.context() + ": " + q + " found " + found);
        }
      }
    }
    assertEquals(List.of(), misses);
  }

  @Test
  void aPlainWordStillFindsByPrefixAndPunctuationAloneFindsNothing() {
    String word = "plain" + letters(8);
    long id = Fixtures.issue(Map.of("title", "Checkout " + word, "body", "times out, sometimes."));
    assertEquals(List.of(id), ids(word.substring(0, 9) + " someti"));
    assertEquals(List.of(id), ids(word + ", times"));
    assertEquals(List.of(), ids(word + " refund"));
    assertEquals(List.of(), ids("--- ..."));
  }

  @Test
  void theSearchIsServedByTheIndex() throws Exception {
    List<Object> params = new ArrayList<>();
    String where = IssueSearch.textFilter("26e1d9db45 src/main/Foo.java", false, params);
    try (Connection c = PostgresResource.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("set local enable_seqscan = off");
      }
      String sql = "explain select id from issue where " + where.replaceAll("\\?\\d+", "?");
      StringBuilder plan = new StringBuilder();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
      }
      c.rollback();
      assertTrue(plan.toString().contains("Bitmap Index Scan on issue_search"), plan.toString());
    }
  }

  private static List<Long> ids(String q) {
    return Caller.VIEWER
        .req()
        .queryParam("q", q)
        .queryParam("limit", 200)
        .get("/api/autopilot/issues")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }

  private String hex(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return s.toString();
  }

  private String letters(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
