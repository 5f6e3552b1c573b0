package dev.autopilot.api.project;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A project: one repository and everything about how the agents work on it. A null setting means
 * the serving runner's own configuration, so a project states only what differs.
 */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {

  /** Where the runner pushes agent branches. */
  public enum PushTarget {
    ORIGIN,
    FORK,
    OFF
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** Lower-case slug; upper-case in refs ({@code SHOP-12}) and branches. Never changes. */
  @Column(updatable = false)
  public String key;

  public String name;

  /** Clone URL, or a local path in local mode. */
  public String repository;

  @Column(name = "base_branch")
  public String baseBranch;

  @Enumerated(EnumType.STRING)
  @Column(name = "push_target")
  public PushTarget pushTarget;

  /** The fork's clone URL when {@link #pushTarget} is {@code FORK}. */
  @Column(name = "push_fork")
  public String pushFork;

  @Column(name = "agent_kind")
  public String agentKind;

  public String model;

  @Column(name = "max_turns")
  public Integer maxTurns;

  @Column(name = "bash_mode")
  public String bashMode;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "allowed_domains")
  public List<String> allowedDomains;

  @Column(name = "issue_cap_usd")
  public BigDecimal issueCapUsd;

  @Column(name = "day_cap_usd")
  public BigDecimal dayCapUsd;

  /** {@code owner/name}, lower-cased: webhook deliveries are routed by it. */
  @Column(name = "github_repository")
  public String githubRepository;

  /** Never shown by the API: only whether one is set. */
  @Column(name = "github_webhook_secret")
  public String githubWebhookSecret;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "feedback_origins")
  public List<String> feedbackOrigins;

  /** The agent environment (toolchain, set-up, checks), as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String environment;

  @Column(name = "created_by", updatable = false)
  public String createdBy;

  @Column(name = "created_at", updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;

  /** The key as refs and branches spell it. */
  public String refPrefix() {
    return key.toUpperCase(java.util.Locale.ROOT);
  }
}
