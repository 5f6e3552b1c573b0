package dev.autopilot.launcher;

import static dev.autopilot.launcher.DeployManifestsTest.find;
import static dev.autopilot.launcher.DeployManifestsTest.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the rendered manifests do unless an operator chooses otherwise: no push to the repository
 * itself, no egress rule that does not say where it goes, and room on disk for the runner's runs.
 */
class DeployDefaultsTest {

  private static final List<String> PRIVATE =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10");

  @ParameterizedTest
  @ValueSource(strings = {"production", "cloudnativepg", "gvisor"})
  void agentBranchesAreNotPushedToTheRepositoryUnlessAnOverlaySaysSo(String overlay)
      throws Exception {
    JsonNode runner = runnerContainer(render(overlay));
    assertEquals("0", env(runner, "AUTOPILOT_PUSH"), overlay + ": push off by default");
    JsonNode origin = runnerContainer(render("push-origin"));
    assertEquals("1", env(origin, "AUTOPILOT_PUSH"), "push-origin pushes");
    assertEquals(null, env(origin, "AUTOPILOT_PUSH_REMOTE"), "to origin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"production", "cloudnativepg", "gvisor", "push-origin"})
  void everyEgressRuleNamesWhereItGoes(String overlay) throws Exception {
    List<JsonNode> objects = render(overlay);
    for (JsonNode p : objects) {
      if (p.path("kind").asText().equals("NetworkPolicy")) {
        for (JsonNode rule : p.at("/spec/egress")) {
          assertFalse(
              rule.path("to").isEmpty(), p.at("/metadata/name").asText() + ": no `to` in " + rule);
          for (JsonNode to : rule.path("to")) {
            JsonNode except = to.at("/ipBlock/except");
            if (to.at("/ipBlock/cidr").asText().equals("0.0.0.0/0")) {
              PRIVATE.forEach(r -> assertTrue(except.toString().contains(r), r + " in " + rule));
            }
            if (to.path("namespaceSelector").toString().contains("kube-system")) {
              assertEquals("kube-dns", to.at("/podSelector/matchLabels/k8s-app").asText(), "DNS");
            }
          }
        }
      }
    }
    JsonNode api = find(objects, "NetworkPolicy", "api-service").at("/spec/egress");
    JsonNode database = rule(api, 5432);
    if (overlay.equals("cloudnativepg")) {
      assertEquals(
          "autopilot-db",
          database.at("/to/0/podSelector/matchLabels/cnpg.io~1cluster").asText(),
          "PostgreSQL at its pods");
      assertEquals(1, database.path("to").size());
    } else {
      List<String> cidrs = new ArrayList<>();
      database.path("to").forEach(t -> cidrs.add(t.at("/ipBlock/cidr").asText()));
      assertEquals(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), cidrs, "VPC only");
    }
    assertEquals("0.0.0.0/0", rule(api, 443).at("/to/0/ipBlock/cidr").asText());
    JsonNode runner = find(objects, "NetworkPolicy", "runner-worker").at("/spec/egress");
    assertEquals(
        "api-service", rule(runner, 8080).at("/to/0/podSelector/matchLabels/app").asText());
  }

  @Test
  void theDocsSayHowToPinHostsByName() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "sandbox-deployment.md"));
    assertTrue(docs.contains("toFQDNs"), "Cilium");
    assertTrue(docs.contains("domains:"), "Calico DNS policy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"production", "cloudnativepg", "gvisor"})
  void theRunnersDiskCoversItsRunsBudgets(String overlay) throws Exception {
    List<JsonNode> objects = render(overlay);
    JsonNode runner = runnerContainer(objects);
    // The pod mounts no slot disks, so its cache volume and ephemeral storage are the budget.
    String mib = env(runner, "AUTOPILOT_AGENT_DISK_MIB");
    long budget = (mib == null ? 4096 : Long.parseLong(mib)) << 20; // RunnerConfig's default
    long runs = budget * Integer.parseInt(env(runner, "AUTOPILOT_MAX_PARALLEL"));
    long request = bytes(runner.at("/resources/requests/ephemeral-storage").asText());
    long limit = bytes(runner.at("/resources/limits/ephemeral-storage").asText());
    assertTrue(request > runs, overlay + ": request " + request + " for runs of " + runs);
    JsonNode work = null;
    for (JsonNode v :
        find(objects, "Deployment", "runner-worker").at("/spec/template/spec/volumes")) {
      work = v.path("name").asText().equals("work") ? v : work;
    }
    long size = bytes(work.at("/emptyDir/sizeLimit").asText());
    assertTrue(size > runs, overlay + ": the cache volume holds the runs and the clone");
    assertTrue(limit > size, overlay + ": the limit covers the cache volume and the rest");
  }

  // A Kubernetes quantity in binary units (Ki, Mi, Gi, Ti), as the manifests write them.
  private static long bytes(String quantity) {
    Matcher m = Pattern.compile("([0-9]+)([KMGT])i").matcher(quantity);
    assertTrue(m.matches(), "a binary quantity: '" + quantity + "'");
    return Long.parseLong(m.group(1)) << (10 * ("KMGT".indexOf(m.group(2)) + 1));
  }

  private static JsonNode rule(JsonNode egress, int port) {
    for (JsonNode rule : egress) {
      for (JsonNode p : rule.path("ports")) {
        if (p.path("port").asInt() == port) {
          return rule;
        }
      }
    }
    throw new AssertionError("no egress rule for port " + port + ": " + egress);
  }

  private static JsonNode runnerContainer(List<JsonNode> objects) {
    for (JsonNode c :
        find(objects, "Deployment", "runner-worker").at("/spec/template/spec/containers")) {
      if (c.path("name").asText().equals("runner-worker")) {
        return c;
      }
    }
    throw new AssertionError("no runner-worker container");
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return null;
  }
}
