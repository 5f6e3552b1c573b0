package dev.autopilot.runner;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** What the gateway lets through to the model API, and how long it waits. */
public interface GatewayConfig {
  /** {@code anthropic-beta} values the agent may send; any other value gets 403. */
  @WithDefault(
      "claude-code-20250219,context-1m-2025-08-07,interleaved-thinking-2025-05-14,"
          + "thinking-token-count-2026-05-13,context-management-2025-06-27,"
          + "prompt-caching-scope-2026-01-05,mid-conversation-system-2026-04-07,"
          + "effort-2025-11-24,fine-grained-tool-streaming-2025-05-14,"
          + "token-efficient-tools-2025-02-19,output-128k-2025-02-19,"
          + "extended-cache-ttl-2025-04-11,prompt-caching-2024-07-31,token-counting-2024-11-01")
  List<String> allowedBetas();

  /** Largest model request body (MiB); the Messages API's own limit is 32 MB. */
  @WithDefault("32")
  int maxBodyMib();

  /** How long a model response may go without a byte before the gateway ends it. */
  @WithDefault("5m")
  Duration responseTimeout();

  /** How long an idle upstream connection is kept. */
  @WithDefault("60s")
  Duration idleTimeout();

  /** Upstream connections one run may hold at once (each run has its own pool). */
  @WithDefault("4")
  int poolPerRun();
}
