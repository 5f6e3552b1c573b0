package dev.autopilot.api.attachment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on uploaded files. */
@ConfigMapping(prefix = "autopilot.attachments")
public interface AttachmentConfig {

  /** Largest accepted file in bytes (default 25 MiB); larger uploads get 413. */
  @WithDefault("26214400")
  long maxSizeBytes();
}
