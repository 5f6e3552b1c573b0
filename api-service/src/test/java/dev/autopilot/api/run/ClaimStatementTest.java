package dev.autopilot.api.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.api.testing.Fixtures;
import dev.autopilot.api.testing.Runner;
import dev.autopilot.api.testing.TestDb;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The claim statement itself, with a batch that over HTTP only forms under load. */
@QuarkusTest
class ClaimStatementTest {

  @Inject AgroalDataSource dataSource;

  @Test
  void eachAskInOneStatementStartsARunWithItsOwnSandboxFlag() throws Exception {
    String prefix = "stmt-" + System.nanoTime() + "-";
    List<Boolean> flags = Arrays.asList(false, true, null, false);
    for (int i = 0; i < flags.size(); i++) {
      Fixtures.issue(Map.of("title", "one statement " + i, "hand_off", true));
    }
    List<ClaimStatement.Ask> asks = new ArrayList<>();
    for (int i = 0; i < flags.size(); i++) {
      asks.add(
          new ClaimStatement.Ask(
              0,
              prefix + i + "/slot-1",
              UUID.randomUUID(),
              dev.autopilot.api.testing.Caller.RUNNER.userName(),
              600_000,
              flags.get(i),
              null,
              null));
    }
    try (Connection c = dataSource.getConnection()) {
      List<Optional<ClaimStatement.Claimed>> won = ClaimStatement.run(c, 0, asks);
      for (int i = 0; i < asks.size(); i++) {
        assertTrue(won.get(i).isPresent(), "ask " + i + " won an issue");
        assertEquals(flags.get(i), sandboxed(c, asks.get(i).runId()), "ask " + i);
        ClaimStatement.Claimed claimed = won.get(i).get();
        Runner.report(
                new Runner.Claim(
                    asks.get(i).runId().toString(),
                    claimed.fencingToken(),
                    claimed.issue().id(),
                    claimed.attempt(),
                    null),
                Map.of("outcome", "no_changes"))
            .then()
            .statusCode(200);
      }
    }
    TestDb.forgetUnsandboxedRuns(prefix);
  }

  private static Boolean sandboxed(Connection c, UUID runId) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("select sandboxed from run where id = ?")) {
      ps.setObject(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the run was started");
        return (Boolean) rs.getObject(1);
      }
    }
  }
}
