package dev.autopilot.api.project;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an admin may set on a project; a null setting is the serving runner's own. Everything here
 * reaches a runner, so each value has a tight shape: a repository or branch never starts with
 * {@code -} (it would be a git option), a list stays short.
 */
public record ProjectSettings(
    @NotBlank
        @Size(max = 200)
        @Pattern(regexp = "[^\\p{Cc}\\p{Cf}]*", message = "must be one line of visible text")
        String name,
    @Size(max = 2048) @Pattern(regexp = REPOSITORY, message = REPOSITORY_MESSAGE) String repository,
    @Size(max = 255) @Pattern(regexp = BRANCH, message = "must be a branch name") String baseBranch,
    Project.PushTarget pushTarget,
    @Size(max = 2048) @Pattern(regexp = REPOSITORY, message = REPOSITORY_MESSAGE) String pushFork,
    @Pattern(regexp = "claude|codex", message = "must be claude or codex") String agentKind,
    @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:/@\\[\\]-]*") String model,
    @Min(1) @Max(1000) Integer maxTurns,
    @Pattern(regexp = "allow-listed|sandboxed", message = "must be allow-listed or sandboxed")
        String bashMode,
    @Size(max = 100)
        List<
                @NotBlank
                @Pattern(
                    regexp = "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?",
                    message = "must be host, host:port or *.suffix")
                String>
            allowedDomains,
    @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 4)
        BigDecimal issueCapUsd,
    @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 4) BigDecimal dayCapUsd,
    @Pattern(regexp = "[A-Za-z0-9-]{1,39}/[A-Za-z0-9_.-]{1,100}", message = "must be owner/name")
        String githubRepository,
    @Size(max = 50)
        List<
                @NotBlank
                @Pattern(
                    regexp = "\\*|https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?",
                    message = "must be an origin such as https://shop.example.com, or *")
                String>
            feedbackOrigins,
    JsonNode environment) {

  // A URL git understands (https, ssh, git, file), scp-like user@host:path, or an absolute path.
  static final String REPOSITORY =
      "(https?|ssh|git|file)://[^\\s\\x00-\\x1f]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s\\x00-\\x1f-][^\\s\\x00-\\x1f]*|/[^\\s\\x00-\\x1f]*";
  static final String REPOSITORY_MESSAGE =
      "must be a clone URL (https://, ssh://, git://, file://, user@host:path) or an absolute path";
  // git check-ref-format's main rules: no leading dash or slash, no "..", no blanks or controls.
  static final String BRANCH =
      "(?!-)(?!/)(?!.*\\.\\.)(?!.*//)(?!.*\\.lock$)[A-Za-z0-9._/+-]+(?<![/.])";
}
