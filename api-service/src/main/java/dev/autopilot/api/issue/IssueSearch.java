package dev.autopilot.api.issue;

import dev.autopilot.api.problem.EnumParam;
import dev.autopilot.api.problem.ProblemException;
import dev.autopilot.api.project.ProjectKeys;
import dev.autopilot.contract.IssueKind;
import dev.autopilot.contract.IssueStatus;
import dev.autopilot.contract.Wire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists issues newest first with keyset pagination (stable under inserts, no OFFSET scans) and the
 * per-status counts the board's columns show.
 */
@ApplicationScoped
public class IssueSearch {

  /** Default page size. */
  public static final int DEFAULT_LIMIT = 50;

  /** Largest page a client may ask for. */
  public static final int MAX_LIMIT = 200;

  // As issue_words (V18) splits and trims; a quote is a separator, so a word never holds one.
  private static final Pattern SEPARATORS =
      Pattern.compile("[ \\t\\n\\x0B\\f\\r()\\[\\]{}<>\"'`,;|]+");
  private static final String PUNCTUATION = "[\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e]";
  private static final Pattern EDGE_PUNCTUATION =
      Pattern.compile("^" + PUNCTUATION + "+|" + PUNCTUATION + "+$");
  private static final Pattern LETTER_OR_DIGIT = Pattern.compile("[\\p{L}\\p{N}]");
  private static final Pattern NUMBER = Pattern.compile("#?(\\d{1,18})");

  private final EntityManager em;

  public IssueSearch(EntityManager em) {
    this.em = em;
  }

  /** Filters of {@code GET /issues}; null means "any". */
  public record Filter(
      Long projectId,
      Set<Long> within,
      Set<IssueStatus> statuses,
      IssueKind kind,
      String text,
      String assignee,
      int limit,
      Long before) {

    /** Parses and validates the raw query parameters. */
    public static Filter parse(
        Long projectId,
        Set<Long> within,
        String status,
        String kind,
        String text,
        String assignee,
        Integer limit,
        String cursor) {
      Set<IssueStatus> statuses = null;
      if (status != null && !status.isBlank()) {
        statuses = EnumSet.noneOf(IssueStatus.class);
        for (String s : status.split(",")) {
          statuses.add(EnumParam.parse(IssueStatus.class, "status", s));
        }
      }
      int size = limit == null ? DEFAULT_LIMIT : limit;
      if (size < 1 || size > MAX_LIMIT) {
        throw ProblemException.badRequest("'limit' must be between 1 and " + MAX_LIMIT + ".");
      }
      String q = text == null || text.isBlank() ? null : text.strip();
      if (q != null && q.length() > 200) {
        throw ProblemException.badRequest("'q' must be at most 200 characters.");
      }
      return new Filter(
          projectId,
          within,
          statuses,
          kind == null || kind.isBlank() ? null : EnumParam.parse(IssueKind.class, "kind", kind),
          q,
          assignee == null || assignee.isBlank() ? null : assignee.strip(),
          size,
          decodeCursor(cursor));
    }
  }

  /**
   * One page: the items, the cursor of the next page (null at the end), counts per status (null
   * when not asked for).
   */
  public record Page(List<IssueView> items, String nextCursor, Map<String, Long> counts) {}

  /**
   * Runs the query. The counts cover every status under the same filters (not the status filter),
   * so a board asks for them once, not once per column.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  @SuppressWarnings("unchecked")
  public Page find(Filter filter, boolean withCounts, java.util.function.LongPredicate mayMoveIn) {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder(" where true");
    appendCommon(filter, where, params);
    Map<String, Long> counts = withCounts ? counts(where.toString(), params) : null;

    if (filter.statuses() != null) {
      where.append(" and status in (");
      for (IssueStatus s : filter.statuses()) {
        params.add(s.name());
        where.append('?').append(params.size()).append(',');
      }
      where.setCharAt(where.length() - 1, ')');
    }
    if (filter.before() != null) {
      params.add(filter.before());
      where.append(" and id < ?").append(params.size());
    }
    var query =
        em.createNativeQuery(
            "select * from issue" + where + " order by id desc limit " + (filter.limit() + 1),
            Issue.class);
    for (int i = 0; i < params.size(); i++) {
      query.setParameter(i + 1, params.get(i));
    }
    List<Issue> rows = query.getResultList();
    String next = null;
    if (rows.size() > filter.limit()) {
      rows = rows.subList(0, filter.limit());
      next = encodeCursor(rows.get(rows.size() - 1).id);
    }
    return new Page(
        rows.stream().map(i -> IssueView.of(i, mayMoveIn.test(i.projectId))).toList(),
        next,
        counts);
  }

  private static void appendCommon(Filter filter, StringBuilder where, List<Object> params) {
    if (filter.projectId() != null) {
      params.add(filter.projectId());
      where.append(" and project_id = ?").append(params.size());
    }
    if (filter.within() != null) {
      // The projects the caller has a role in; counts and search obey it too.
      params.add(filter.within().toArray(Long[]::new));
      where.append(" and project_id = any(?").append(params.size()).append(")");
    }
    if (filter.kind() != null) {
      params.add(filter.kind().name());
      where.append(" and kind = ?").append(params.size());
    }
    if (filter.assignee() != null) {
      params.add(filter.assignee());
      where.append(" and assignee = ?").append(params.size());
    }
    if (filter.text() != null) {
      where.append(" and ").append(textFilter(filter.text(), filter.projectId() != null, params));
    }
  }

  /** The condition of a text search, its parameters appended to {@code params}. */
  static String textFilter(String text, boolean inOneProject, List<Object> params) {
    List<String> words = words(text);
    Matcher number = NUMBER.matcher(text);
    if (number.matches()) {
      // The global id, and within one project its number there too.
      params.add(Long.parseLong(number.group(1)));
      String n = "?" + params.size();
      String numbered = inOneProject ? " or number = " + n : "";
      return "(id = " + n + numbered + " or search @@ " + tsquery(words, params) + ")";
    }
    if (ProjectKeys.REF.matcher(text).matches()) {
      params.add(text.toUpperCase(Locale.ROOT));
      return "(ref = ?" + params.size() + " or search @@ " + tsquery(words, params) + ")";
    }
    return words.isEmpty() ? "false" : "search @@ " + tsquery(words, params);
  }

  /**
   * The words of a query as {@code issue_words} (migration V18) splits an issue's text: at white
   * space, brackets, quotes, commas, semicolons and bars, with ASCII punctuation trimmed off each
   * end. At most 16.
   */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String raw : SEPARATORS.split(text)) {
      String word = EDGE_PUNCTUATION.matcher(raw).replaceAll("");
      if (!word.isEmpty() && words.size() < 16) {
        words.add(word);
      }
    }
    return words;
  }

  /**
   * Every word must match, each either as a prefix of one lexeme, quoted so that the parser does
   * not split it (the whole words the search vector holds, and the parser's own), or as the parser
   * reads the word alone, as a phrase (a word inside a longer one: {@code id=26e1d9db45}).
   * Immutable functions of the parameters: the GIN index on {@code search} serves it.
   */
  private static String tsquery(List<String> words, List<Object> params) {
    StringBuilder q = new StringBuilder("(");
    for (String word : words) {
      if (q.length() > 1) {
        q.append(" && ");
      }
      params.add("'" + word.replace("\\", "\\\\") + "':*");
      q.append("(cast(lower(?").append(params.size()).append(") as tsquery)");
      if (LETTER_OR_DIGIT.matcher(word).find()) {
        // Without a letter or digit the parser finds no lexeme (and PostgreSQL says so).
        params.add(word);
        q.append(" || phraseto_tsquery('simple', ?").append(params.size()).append(')');
      }
      q.append(')');
    }
    return q.append(')').toString();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Long> counts(String where, List<Object> params) {
    var query =
        em.createNativeQuery("select status, count(*) from issue" + where + " group by status");
    for (int i = 0; i < params.size(); i++) {
      query.setParameter(i + 1, params.get(i));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    Arrays.stream(IssueStatus.values()).forEach(s -> counts.put(Wire.of(s), 0L));
    for (Object[] row : (List<Object[]>) query.getResultList()) {
      counts.put(Wire.of(IssueStatus.valueOf((String) row[0])), ((Number) row[1]).longValue());
    }
    return counts;
  }

  private static String encodeCursor(long id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("id:" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static Long decodeCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith("id:")) {
        return Long.parseLong(raw.substring(3));
      }
    } catch (IllegalArgumentException e) {
      // fall through to the problem below
    }
    throw ProblemException.badRequest("'cursor' is not a cursor this server issued.");
  }
}
