package dev.autopilot.runner.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.autopilot.contract.Priority;
import dev.autopilot.contract.Wire;
import dev.autopilot.contract.WorkAvailable;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which work messages lead to a claim: never another project's, never a repeat in one poll. */
class WorkMessagesTest {

  private final ObjectMapper json =
      Wire.configure(new ObjectMapper()).registerModule(new JavaTimeModule());

  @Test
  void aRunnerSkipsWorkOfProjectsItDoesNotServeWithoutAClaim() throws Exception {
    WorkMessages messages = new WorkMessages(json, List.of("api", "shop"));
    assertTrue(messages.wakes(message(1, "shop")));
    assertTrue(messages.wakes(message(2, "api")));
    assertFalse(messages.wakes(message(3, "billing")), "another project's issue");
    assertFalse(messages.wakes(message(1, "shop")), "a repeat in the same poll");
    // An older api-service names no project: it is a plain wake-up, the claim filters.
    assertTrue(messages.wakes(message(4, null)));
    assertTrue(messages.wakes("not json"));

    WorkMessages all = new WorkMessages(json, null);
    assertTrue(all.wakes(message(3, "billing")), "a runner serving every project takes all");
  }

  @Test
  void runnersServingTheSameProjectsShareAGroupAndOthersHaveTheirOwn() {
    assertNull(WorkConsumer.served(List.of("*")));
    assertNull(WorkConsumer.served(List.of("shop", "*")));
    assertEquals(List.of("api", "shop"), WorkConsumer.served(List.of(" Shop", "api", "shop")));
    assertEquals("autopilot-runners", WorkConsumer.groupId(null));
    assertEquals(
        "autopilot-runners.api,shop",
        WorkConsumer.groupId(WorkConsumer.served(List.of("shop", "api"))));
  }

  private String message(long issue, String project) throws Exception {
    return json.writeValueAsString(
        new WorkAvailable(
            WorkAvailable.VERSION, issue, 0, Priority.NORMAL, Instant.now(), project));
  }
}
