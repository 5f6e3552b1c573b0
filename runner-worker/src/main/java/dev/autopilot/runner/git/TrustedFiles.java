package dev.autopilot.runner.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Files whose content the runner trusts as it was at start, and puts back when changed. */
final class TrustedFiles {

  private static final Logger LOG = Logger.getLogger(TrustedFiles.class);

  // Absent files are kept as empty content: restoring one deletes whatever appeared there.
  private final Map<Path, byte[]> files = new ConcurrentHashMap<>();

  /** Remembers the files' current content. */
  void snapshot(List<Path> paths) throws IOException {
    for (Path file : paths) {
      files.put(file, Files.exists(file) ? Files.readAllBytes(file) : new byte[0]);
    }
  }

  /** Puts every file back as snapshotted; true when one had changed. */
  boolean restore() {
    boolean changed = false;
    try {
      for (Map.Entry<Path, byte[]> e : files.entrySet()) {
        Path file = e.getKey();
        boolean present = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (present
            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && Arrays.equals(Files.readAllBytes(file), e.getValue())) {
          continue;
        }
        if (!present && e.getValue().length == 0) {
          continue;
        }
        changed = true;
        Files.deleteIfExists(file);
        if (e.getValue().length > 0) {
          Files.createDirectories(file.getParent());
          Files.write(file, e.getValue());
        }
        LOG.warnf("%s was changed since the runner started; restored it", file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return changed;
  }
}
