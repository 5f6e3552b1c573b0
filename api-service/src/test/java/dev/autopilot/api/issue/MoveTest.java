package dev.autopilot.api.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.contract.ActorKind;
import dev.autopilot.contract.IssueStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The issue transition table alone, without a container. */
class MoveTest {

  @Test
  void everyStatusChangeIsOneRowAndEachRowIsReachableByOneKindOfActor() {
    // System rows that share their from, to and actor with another are taken by name (the system
    // knows why it moves); every other row is the one its status change finds.
    Set<Move> byName = Set.of(Move.STOPPED_OVER_BUDGET, Move.TRANSIENT_RETRY);
    for (Move m : Move.values()) {
      if (byName.contains(m)) {
        assertEquals(ActorKind.SYSTEM, m.by());
        continue;
      }
      assertEquals(m, Move.find(m.from(), m.to(), m.by()).orElseThrow());
      for (ActorKind other : ActorKind.values()) {
        if (other != m.by()) {
          assertTrue(
              Move.find(m.from(), m.to(), other).isEmpty()
                  || Move.find(m.from(), m.to(), other).get() != m,
              m + " is " + m.by() + "'s alone");
        }
      }
    }
  }

  @Test
  void humansAreOfferedExactlyTheirMovesWithALabelAndOnlyInstructionsWhereTheyAreTaken() {
    for (IssueStatus from : IssueStatus.values()) {
      List<Move.Offer> offers = Move.offers(from, ActorKind.HUMAN);
      assertEquals(
          Move.targets(from, ActorKind.HUMAN), offers.stream().map(Move.Offer::to).toList());
      for (Move.Offer o : offers) {
        Move m = Move.valueOf(o.move().toUpperCase());
        assertFalse(o.label().isBlank(), o.toString());
        assertEquals(m.takesInstructions(), o.prompt() != null, o.toString());
      }
    }
    assertEquals(
        List.of(),
        Move.offers(IssueStatus.IN_PROGRESS, ActorKind.AGENT).stream()
            .filter(o -> o.to() == IssueStatus.DONE)
            .toList(),
        "no agent ever accepts");
    assertTrue(Move.offers(IssueStatus.IN_REVIEW, ActorKind.AGENT).isEmpty());
    assertEquals(
        List.of("accept", "rerun", "park_review"),
        Move.offers(IssueStatus.IN_REVIEW, ActorKind.HUMAN).stream()
            .map(Move.Offer::move)
            .toList());
  }

  @Test
  void aHumanOnlyIssueIsOfferedNoMoveTowardsTheAgents() {
    for (IssueStatus from : IssueStatus.values()) {
      for (ActorKind kind : ActorKind.values()) {
        List<IssueStatus> humanOnly = Move.targets(from, kind, true);
        assertFalse(humanOnly.contains(IssueStatus.READY), from + " " + kind);
        assertFalse(humanOnly.contains(IssueStatus.IN_PROGRESS), from + " " + kind);
        assertEquals(
            humanOnly, Move.offers(from, kind, true).stream().map(Move.Offer::to).toList());
        List<IssueStatus> rest = new java.util.ArrayList<>(Move.targets(from, kind));
        rest.removeAll(List.of(IssueStatus.READY, IssueStatus.IN_PROGRESS));
        assertEquals(rest, humanOnly, "only the moves to the agents go: " + from + " " + kind);
      }
    }
    assertEquals(
        List.of("reopen"),
        Move.offers(IssueStatus.DONE, ActorKind.HUMAN, true).stream()
            .map(Move.Offer::move)
            .toList());
    assertEquals(
        List.of("accept", "park_review"),
        Move.offers(IssueStatus.IN_REVIEW, ActorKind.HUMAN, true).stream()
            .map(Move.Offer::move)
            .toList());
  }

  @Test
  void onlyHumansEverMoveAnIssueToDone() {
    for (Move m : Move.values()) {
      if (m.to() == IssueStatus.DONE) {
        assertEquals(ActorKind.HUMAN, m.by(), m.toString());
      }
    }
  }

  @Test
  void theSystemNeverClaimsNorReviewsAndLeavesSettledWorkOnlyByRule() {
    for (Move m : Move.values()) {
      if (m.by() == ActorKind.SYSTEM) {
        assertTrue(m.to() != IssueStatus.IN_PROGRESS && m.to() != IssueStatus.IN_REVIEW, m.name());
      }
      if (m.by() == ActorKind.SYSTEM && m.from() == IssueStatus.DONE) {
        assertEquals(IssueStatus.BACKLOG, m.to(), "only a regression reopens done work");
      }
    }
    assertEquals(
        Move.REGRESSED_DONE,
        Move.find(IssueStatus.DONE, IssueStatus.BACKLOG, ActorKind.SYSTEM).orElseThrow());
    assertTrue(
        Move.offers(IssueStatus.DONE, ActorKind.HUMAN).stream()
            .noneMatch(o -> o.move().startsWith("regressed")),
        "the board never offers a system move");
  }
}
