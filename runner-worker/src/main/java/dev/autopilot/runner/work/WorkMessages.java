package dev.autopilot.runner.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.contract.Wire;
import dev.autopilot.contract.WorkAvailable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reads the messages of one poll. Each is a wake-up whatever it says, since the claim picks the
 * issue; what it says is logged, and a repeat of the same hand-off (issue and attempt) in the poll
 * costs no second claim.
 */
final class WorkMessages {

  private static final Logger LOG = Logger.getLogger(WorkMessages.class);

  private final ObjectMapper json;
  private final Set<String> served;
  private final Set<String> seen = new HashSet<>();
  private boolean warnedVersion;

  /** {@code served}: keys of the projects this runner serves; null: every project. */
  WorkMessages(ObjectMapper json, List<String> served) {
    this.json = json;
    this.served = served == null ? null : Set.copyOf(served);
  }

  /** Starts a new poll: repeats are only skipped within one. */
  void nextPoll() {
    seen.clear();
  }

  /**
   * Whether this message should lead to a claim: false for a repeat in the same poll, and for
   * another project's work (no claim round trip for what this runner would never be given).
   */
  boolean wakes(String value) {
    WorkAvailable work = read(value);
    if (work == null) {
      return true;
    }
    if (served != null && work.project() != null && !served.contains(work.project())) {
      LOG.debugf("Issue #%d is project %s's, not served here", work.issueId(), work.project());
      return false;
    }
    if (!seen.add(work.issueId() + "/" + work.attempt())) {
      LOG.debugf(
          "Issue #%d attempt %d announced twice; one claim is enough",
          work.issueId(), work.attempt());
      return false;
    }
    LOG.infof(
        "Work available: issue #%d, %s priority, attempt %d",
        work.issueId(), Wire.of(work.priority()), work.attempt() + 1);
    return true;
  }

  private WorkAvailable read(String value) {
    try {
      WorkAvailable work = value == null ? null : json.readValue(value, WorkAvailable.class);
      if (work != null && work.v() > WorkAvailable.VERSION && !warnedVersion) {
        warnedVersion = true;
        LOG.warnf(
            "The api-service sends work messages of version %d; this runner reads version %d."
                + " Upgrade the runner.",
            work.v(), WorkAvailable.VERSION);
      }
      return work;
    } catch (JsonProcessingException e) {
      LOG.warnf("Unreadable work message, taken as a plain wake-up: %s", e.getOriginalMessage());
      return null;
    }
  }
}
