package dev.autopilot.api.issue;

import dev.autopilot.api.live.BoardEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

/** Every status change, once it is committed, goes to the live board as a {@code moved} event. */
@ApplicationScoped
public class MovesOnTheBoard {

  private final Event<BoardEvent> board;

  public MovesOnTheBoard(Event<BoardEvent> board) {
    this.board = board;
  }

  // Synchronous: BoardEvent observers themselves wait for the transaction's success.
  void moved(@Observes IssueMoved e) {
    board.fire(BoardEvent.moved(e.issueId(), e.to()));
  }
}
