package dev.autopilot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders every overlay with kubectl kustomize and holds the security posture of SECURITY.md. */
class DeployManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The seccomp profile nodes keep in /var/lib/kubelet/seccomp/, shipped in deploy/seccomp/. */
  private static final String SECCOMP_PROFILE = "autopilot-runner-bwrap.json";

  /** The AppArmor profile AppArmor nodes load, shipped in deploy/apparmor/. */
  private static final String APPARMOR_PROFILE = "autopilot-runner-bwrap";

  @ParameterizedTest
  @ValueSource(strings = {"production", "cloudnativepg", "gvisor", "push-origin"})
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
        assertFalse(
            sc.at("/seccompProfile/type").asText().equals("Unconfined"), name + " seccomp on");
        assertFalse(
            sc.at("/appArmorProfile/type").asText().equals("Unconfined"), name + " AppArmor on");
        if (sc.path("procMount").asText().equals("Unmasked")) {
          assertFalse(
              deployment.at("/spec/template/spec/hostUsers").asBoolean(true),
              name + ": an unmasked /proc only in the pod's own user namespace");
        }
      }
    }
    List<String> sandbox = new ArrayList<>();
    objects.forEach(o -> collectSandboxSettings(o, sandbox));
    assertEquals(
        List.of(),
        sandbox.stream().filter(v -> v.equalsIgnoreCase("off")).toList(),
        "AUTOPILOT_AGENT_SANDBOX is never off");
    theRunnerSandboxesItsAgents(objects, runner);

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

  /**
   * What the agent sandbox needs from the pod (docs/sandbox-deployment.md), and secrets read from a
   * mounted file rather than the environment.
   */
  private static void theRunnerSandboxesItsAgents(List<JsonNode> objects, JsonNode runner) {
    JsonNode pod = runner.at("/spec/template/spec");
    JsonNode container = null;
    for (JsonNode c : pod.path("containers")) {
      if (c.path("name").asText().equals("runner-worker")) {
        container = c;
      }
    }
    assertTrue(container != null, "runner-worker container");
    JsonNode sc = container.path("securityContext");
    JsonNode seccomp =
        sc.has("seccompProfile")
            ? sc.path("seccompProfile")
            : pod.at("/securityContext/seccompProfile");
    if (pod.path("runtimeClassName").asText().equals("gvisor")) {
      assertEquals("runsc", find(objects, "RuntimeClass", "gvisor").path("handler").asText());
      assertEquals("RuntimeDefault", seccomp.path("type").asText(), "gVisor ignores OCI seccomp");
    } else {
      assertEquals(
          "Localhost", seccomp.path("type").asText(), "runner seccomp: the shipped profile");
      assertEquals(SECCOMP_PROFILE, seccomp.path("localhostProfile").asText());
      assertEquals("Localhost", sc.at("/appArmorProfile/type").asText(), "runner AppArmor");
      assertEquals(APPARMOR_PROFILE, sc.at("/appArmorProfile/localhostProfile").asText());
      assertEquals("Unmasked", sc.path("procMount").asText(), "bwrap --proc needs it");
      assertFalse(
          pod.path("hostUsers").asBoolean(true), "the runner pod has its own user namespace");
    }
    JsonNode runnerNamespace =
        find(objects, "Namespace", "autopilot-runner").at("/metadata/labels");
    String enforce = runnerNamespace.path("pod-security.kubernetes.io/enforce").asText();
    assertTrue(Set.of("restricted", "baseline").contains(enforce), "runner namespace: " + enforce);
    if (!enforce.equals("restricted")) {
      assertEquals("restricted", runnerNamespace.path("pod-security.kubernetes.io/warn").asText());
    }
    assertEquals(
        "restricted",
        find(objects, "Namespace", "autopilot")
            .at("/metadata/labels/pod-security.kubernetes.io~1enforce")
            .asText());

    String locations = "";
    for (JsonNode env : container.path("env")) {
      String n = env.path("name").asText();
      assertFalse(
          n.contains("SECRET") || n.contains("API_KEY") || n.contains("PASSWORD"),
          n + ": the runner's secrets come from its config file, not the environment");
      if (n.equals("QUARKUS_CONFIG_LOCATIONS")) {
        locations = env.path("value").asText();
      }
    }
    assertFalse(locations.isBlank(), "QUARKUS_CONFIG_LOCATIONS names the runner's config file");
    for (String location : locations.split(",")) {
      boolean fromSecret = false;
      for (JsonNode mount : container.path("volumeMounts")) {
        if (location.strip().startsWith(mount.path("mountPath").asText() + "/")
            && mount.path("readOnly").asBoolean()) {
          for (JsonNode volume : pod.path("volumes")) {
            fromSecret |=
                volume.path("name").asText().equals(mount.path("name").asText())
                    && volume.has("secret");
          }
        }
      }
      assertTrue(fromSecret, location + " is a file of a Secret mounted read-only");
    }
  }

  /** Every value given to AUTOPILOT_AGENT_SANDBOX (or autopilot.agent.sandbox) anywhere. */
  private static void collectSandboxSettings(JsonNode node, List<String> values) {
    if (node.isObject()) {
      if (node.path("name").asText().equals("AUTOPILOT_AGENT_SANDBOX")) {
        values.add(node.path("value").asText());
      }
      node.properties()
          .forEach(
              f -> {
                if ((f.getKey().equals("AUTOPILOT_AGENT_SANDBOX")
                        || f.getKey().equals("autopilot.agent.sandbox"))
                    && f.getValue().isTextual()) {
                  values.add(f.getValue().asText());
                }
                collectSandboxSettings(f.getValue(), values);
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectSandboxSettings(n, values));
    }
  }

  @Test
  void theRunnerImageHasTheSandboxTools() throws IOException {
    String dockerfile = Files.readString(Path.of("..", "runner-worker", "Dockerfile"));
    for (String pkg : List.of("bubblewrap", "socat", "ripgrep")) {
      assertTrue(
          dockerfile.matches("(?s).*apt-get install[^&]*\\b" + pkg + "\\b.*"),
          "the runner image installs " + pkg);
    }
  }

  @Test
  void theShippedProfilesAreTheRuntimeDefaultsPlusWhatBubblewrapNeeds() throws IOException {
    Path deploy = Path.of("..", "deploy");
    JsonNode profile =
        new ObjectMapper().readTree(deploy.resolve("seccomp").resolve(SECCOMP_PROFILE).toFile());
    assertEquals("SCMP_ACT_ERRNO", profile.path("defaultAction").asText());
    // containerd reads a Localhost profile as OCI JSON and ignores Docker's archMap and
    // includes/excludes, which would turn capability-gated rules into plain ones.
    assertTrue(profile.path("archMap").isMissingNode(), "architectures, not archMap");
    Set<String> allowed = new TreeSet<>();
    for (JsonNode rule : profile.path("syscalls")) {
      assertTrue(
          rule.path("includes").isMissingNode() && rule.path("excludes").isMissingNode(),
          "no includes/excludes: " + rule.path("names"));
      if (rule.path("action").asText().equals("SCMP_ACT_ALLOW") && rule.path("args").isEmpty()) {
        rule.path("names").forEach(n -> allowed.add(n.asText()));
      }
    }
    for (String needed :
        "clone clone3 unshare mount umount2 pivot_root chroot sethostname".split(" ")) {
      assertTrue(allowed.contains(needed), "bubblewrap needs " + needed);
    }
    String refused =
        "bpf kexec_load init_module finit_module open_by_handle_at perf_event_open keyctl add_key"
            + " userfaultfd reboot swapon fsopen open_tree move_mount";
    for (String never : refused.split(" ")) {
      assertFalse(allowed.contains(never), "the runtime default refuses " + never + "; so do we");
    }
    String apparmor = Files.readString(deploy.resolve("apparmor").resolve(APPARMOR_PROFILE));
    assertTrue(apparmor.contains("profile " + APPARMOR_PROFILE + " "), "AppArmor profile name");
    List<String> rules = apparmor.lines().map(String::strip).toList();
    assertTrue(
        rules.contains("mount,") && rules.contains("pivot_root,"),
        "the AppArmor profile allows bubblewrap's mounts");
    assertTrue(rules.stream().noneMatch(r -> r.startsWith("deny mount")), "and denies none");
  }

  static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(
            o ->
                o.path("kind").asText().equals(kind)
                    && o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + " " + name + " missing"));
  }

  static List<JsonNode> render(String overlay) throws Exception {
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
