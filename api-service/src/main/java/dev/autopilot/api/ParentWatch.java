package dev.autopilot.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * When started by {@code ./autopilot up}, exits as soon as the launcher is gone, even after a
 * SIGKILL of the launcher, so no process is left behind.
 */
@ApplicationScoped
public class ParentWatch {

  private static final Logger LOG = Logger.getLogger(ParentWatch.class);

  void start(
      @Observes StartupEvent event,
      @ConfigProperty(name = "autopilot.parent-pid", defaultValue = "0") long parent) {
    if (parent <= 0) {
      return;
    }
    ProcessHandle.of(parent)
        .ifPresentOrElse(h -> h.onExit().thenRun(ParentWatch::exit), ParentWatch::exit);
  }

  private static void exit() {
    LOG.warn("The launcher is gone; stopping.");
    Quarkus.asyncExit();
  }
}
