package dev.autopilot.api.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Who may instruct the agents through a review: the repository's {@code OWNER}, a login the
 * operator lists, or an active member of a team the operator lists. Team membership is asked of
 * GitHub ({@code GET /orgs/{org}/teams/{slug}/memberships/{login}}) and its answers are kept for
 * {@code membership-cache}, so a storm of reviews asks once per login; an error, a timeout or an
 * unreachable GitHub is no answer, is not kept, and never trusts anyone.
 */
@ApplicationScoped
public class TrustedReviewers {

  private static final Logger LOG = Logger.getLogger(TrustedReviewers.class);
  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9-]{1,39}/[A-Za-z0-9_.-]{1,100}");
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9-]{1,39}");
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  /** Whether a reviewer may instruct the agents; {@code UNANSWERED}: GitHub could not say. */
  public enum Verdict {
    TRUSTED,
    UNTRUSTED,
    UNANSWERED
  }

  private enum Membership {
    ACTIVE,
    NONE,
    UNKNOWN
  }

  private final GithubConfig config;
  private final ObjectMapper json;
  private final List<String> teams;
  private final Cache<String, Membership> answers;
  private final HttpClient client;

  public TrustedReviewers(GithubConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    this.teams = config.trustedTeams().orElse(List.of()).stream().map(String::strip).toList();
    this.answers =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(config.membershipCache())
            .build();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.apiTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  // Teams nobody can ask about would silently trust no one: refuse to start instead.
  void check(@Observes StartupEvent event) {
    if (teams.isEmpty()) {
      return;
    }
    for (String team : teams) {
      if (!TEAM.matcher(team).matches()) {
        throw new IllegalStateException(
            "autopilot.github.trusted-teams: '" + team + "' is not org/team-slug");
      }
    }
    if (config.token().isPresent() == config.tokenFile().isPresent()) {
      throw new IllegalStateException(
          "autopilot.github.trusted-teams needs one of autopilot.github.token or token-file");
    }
    URI api = URI.create(config.apiUrl());
    if (!("https".equals(api.getScheme()) || "http".equals(api.getScheme()))
        || api.getHost() == null) {
      throw new IllegalStateException("autopilot.github.api-url is not an http(s) URL");
    }
  }

  /** The verdict on a review's author ({@code user}, {@code author_association}). */
  public Verdict of(JsonNode user, String association) {
    String login = GithubWebhooks.login(user);
    if (association.equals("OWNER")
        || config
            .trustedReviewers()
            .map(list -> list.stream().anyMatch(login::equalsIgnoreCase))
            .orElse(false)) {
      return Verdict.TRUSTED;
    }
    // Bots and names GitHub would not issue are in no team: nothing to ask.
    if (teams.isEmpty() || !LOGIN.matcher(user.path("login").asText("")).matches()) {
      return Verdict.UNTRUSTED;
    }
    Verdict verdict = Verdict.UNTRUSTED;
    for (String team : teams) {
      switch (membership(team, login.toLowerCase(Locale.ROOT))) {
        case ACTIVE -> {
          return Verdict.TRUSTED;
        }
        case UNKNOWN -> verdict = Verdict.UNANSWERED;
        case NONE -> {}
      }
    }
    return verdict;
  }

  private Membership membership(String team, String login) {
    String key = team.toLowerCase(Locale.ROOT) + "/" + login;
    Membership known = answers.getIfPresent(key);
    if (known != null) {
      return known;
    }
    Membership asked = ask(team, login);
    if (asked != Membership.UNKNOWN) {
      answers.put(key, asked);
    }
    return asked;
  }

  private Membership ask(String team, String login) {
    String[] orgAndSlug = team.split("/", 2);
    String base = config.apiUrl().replaceAll("/+$", "");
    try {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      base
                          + "/orgs/"
                          + orgAndSlug[0]
                          + "/teams/"
                          + orgAndSlug[1]
                          + "/memberships/"
                          + login))
              .timeout(config.apiTimeout())
              .header("Accept", "application/vnd.github+json")
              .header("X-GitHub-Api-Version", "2022-11-28")
              .header("User-Agent", "Autopilot")
              .header("Authorization", "Bearer " + token())
              .GET()
              .build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        int status = response.statusCode();
        if (status == 404) {
          return Membership.NONE;
        }
        if (status != 200) {
          LOG.warnf(
              "GitHub answered %d about @%s in %s: not trusted%s",
              status,
              login,
              team,
              status == 401 || status == 403 ? " (check autopilot.github.token)" : "");
          return Membership.UNKNOWN;
        }
        JsonNode answer = json.readTree(body.readNBytes(MAX_ANSWER_BYTES));
        return "active".equals(answer.path("state").asText()) ? Membership.ACTIVE : Membership.NONE;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Membership.UNKNOWN;
    } catch (IOException | RuntimeException e) {
      LOG.warnf("GitHub did not answer about @%s in %s: not trusted (%s)", login, team, e);
      return Membership.UNKNOWN;
    }
  }

  private String token() throws IOException {
    if (config.tokenFile().isPresent()) {
      return new String(Files.readAllBytes(config.tokenFile().get()), StandardCharsets.UTF_8)
          .strip();
    }
    return config.token().orElse("").strip();
  }
}
