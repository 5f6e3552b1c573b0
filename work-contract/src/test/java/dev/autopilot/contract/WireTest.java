package dev.autopilot.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireTest {

  private static final List<Class<? extends Enum<?>>> CONTRACT =
      List.of(
          Outcome.class,
          FailureReason.class,
          IssueStatus.class,
          IssueKind.class,
          Priority.class,
          ActorKind.class);

  @Test
  void namesAreTheConstantsInLowerCase() {
    assertEquals("no_changes", Wire.of(Outcome.NO_CHANGES));
    assertEquals("lease_expired", Wire.of(FailureReason.LEASE_EXPIRED));
    assertEquals("in_review", Wire.of(IssueStatus.IN_REVIEW));
    assertEquals(List.of("low", "normal", "high", "urgent"), Wire.names(Priority.class));
  }

  @Test
  void everyNameReadsBackToItsConstantWhateverTheCase() {
    for (Class<? extends Enum<?>> type : CONTRACT) {
      for (Enum<?> constant : type.getEnumConstants()) {
        String name = Wire.of(constant);
        assertTrue(name.matches("[a-z_]+"), name);
        assertEquals(Optional.of(constant), find(type, name));
        assertEquals(Optional.of(constant), find(type, " " + name.toUpperCase() + " "));
      }
    }
  }

  @Test
  void anythingElseNamesNoConstant() {
    assertEquals(Optional.empty(), Wire.find(Outcome.class, "merged"));
    assertEquals(Optional.empty(), Wire.find(Outcome.class, ""));
    assertEquals(Optional.empty(), Wire.find(Outcome.class, null));
    assertEquals(Optional.empty(), Wire.find(IssueStatus.class, "in-review"));
  }

  @Test
  void jsonFollowsTheSameRule() throws Exception {
    ObjectMapper json = Wire.configure(new ObjectMapper());
    assertEquals("\"no_changes\"", json.writeValueAsString(Outcome.NO_CHANGES));
    assertEquals(Outcome.NO_CHANGES, json.readValue("\"no_changes\"", Outcome.class));
    assertEquals(IssueStatus.IN_REVIEW, json.readValue("\"IN_REVIEW\"", IssueStatus.class));
    assertThrows(InvalidFormatException.class, () -> json.readValue("\"merged\"", Outcome.class));
  }

  @Test
  void numbersAreNeverReadAsPositions() {
    ObjectMapper json = Wire.configure(new ObjectMapper());
    assertThrows(Exception.class, () -> json.readValue("1", Outcome.class));
    assertThrows(Exception.class, () -> json.readValue("\"1\"", Outcome.class));
  }

  @Test
  void aReasonThisBuildDoesNotKnowIsStillAFailure() throws Exception {
    ObjectMapper json = Wire.configure(new ObjectMapper());
    assertEquals(FailureReason.CRASH, json.readValue("\"out_of_disk\"", FailureReason.class));
    assertEquals(FailureReason.GIT, json.readValue("\"git\"", FailureReason.class));
  }

  @Test
  void aMissingConstantPrintsAsUnknown() {
    assertEquals("unknown", Wire.of(null));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Optional<?> find(Class<? extends Enum<?>> type, String name) {
    return Wire.find((Class) type, name);
  }
}
