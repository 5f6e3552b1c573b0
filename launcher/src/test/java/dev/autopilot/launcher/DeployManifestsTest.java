package dev.autopilot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders every overlay with kubectl kustomize and holds the security posture of SECURITY.md. */
class DeployManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @ValueSource(strings = {"production", "cloudnativepg"})
  void overlaysKeepTheRunnerIsolatedAndThePodsLockedDown(String overlay) throws Exception {
    List<JsonNode> objects = render(overlay);
    assertFalse(objects.isEmpty());
    assertTrue(
        objects.stream().noneMatch(o -> o.path("kind").asText().equals("Secret")),
        "no secrets committed");

    JsonNode runner = find(objects, "Deployment", "runner-worker");
    assertEquals("autopilot-runner", runner.path("metadata").path("namespace").asText());
    assertEquals(
        "autopilot",
        find(objects, "Deployment", "api-service").path("metadata").path("namespace").asText());
    assertFalse(runner.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true));

    for (JsonNode deployment :
        objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).toList()) {
      String name = deployment.at("/metadata/name").asText();
      assertTrue(
          deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean(), name);
      for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
        JsonNode sc = c.path("securityContext");
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name + " read-only root");
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name + " no escalation");
        assertEquals("ALL", sc.at("/capabilities/drop/0").asText(), name + " drops capabilities");
        assertFalse(c.at("/resources/requests").isMissingNode(), name + " requests");
        assertFalse(c.at("/resources/limits").isMissingNode(), name + " limits");
        assertTrue(
            c.at("/readinessProbe/httpGet/path").asText().startsWith("/q/health"),
            name + " readiness");
        assertTrue(
            c.at("/livenessProbe/httpGet/path").asText().startsWith("/q/health"),
            name + " liveness");
        for (JsonNode env : c.path("env")) {
          String n = env.path("name").asText();
          if (n.contains("SECRET") || n.contains("PASSWORD") || n.contains("API_KEY")) {
            assertTrue(env.has("valueFrom"), name + " " + n + " comes from a secret reference");
          }
        }
      }
    }

    for (String ns : List.of("autopilot", "autopilot-runner")) {
      assertTrue(
          objects.stream()
              .anyMatch(
                  o ->
                      o.path("kind").asText().equals("NetworkPolicy")
                          && o.at("/metadata/namespace").asText().equals(ns)
                          && o.at("/spec/podSelector").isEmpty()
                          && o.at("/spec/policyTypes").toString().contains("Ingress")
                          && o.at("/spec/policyTypes").toString().contains("Egress")),
          "default deny in " + ns);
    }
    for (JsonNode p : objects) {
      if (p.path("kind").asText().equals("NetworkPolicy")
          && p.at("/metadata/namespace").asText().equals("autopilot-runner")) {
        for (JsonNode rule : p.at("/spec/ingress")) {
          throw new AssertionError("the runner must accept no ingress: " + rule);
        }
      }
    }
    JsonNode egress = find(objects, "NetworkPolicy", "runner-worker").at("/spec/egress");
    List<Integer> ports = new ArrayList<>();
    egress.forEach(r -> r.path("ports").forEach(port -> ports.add(port.path("port").asInt())));
    assertEquals(
        List.of(8080, 9092, 53, 53, 443, 22), ports, "runner egress: api, kafka, dns, https, ssh");
    JsonNode external = egress.get(egress.size() - 1).at("/to/0/ipBlock/except");
    assertTrue(
        external.toString().contains("10.0.0.0/8"),
        "no private ranges through the open egress rule");
    assertTrue(
        find(objects, "KafkaTopic", "autopilot.work").at("/spec/partitions").asInt()
            >= find(objects, "ScaledObject", "runner-worker").at("/spec/maxReplicaCount").asInt());
  }

  private static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(
            o ->
                o.path("kind").asText().equals(kind)
                    && o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + " " + name + " missing"));
  }

  private static List<JsonNode> render(String overlay) throws Exception {
    Path dir = Path.of("..", "deploy", "overlays", overlay).toAbsolutePath().normalize();
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "kubectl kustomize failed: " + out);
    List<JsonNode> objects = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(out)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !node.isNull() && !node.isEmpty()) {
          objects.add(node);
        }
      }
    }
    return objects;
  }
}
