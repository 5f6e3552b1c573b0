package dev.autopilot.api;

import dev.autopilot.contract.ParentProcess;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stops the api-service when the launcher that started it is gone ({@link ParentProcess}). */
@ApplicationScoped
public class ParentWatch {

  void start(
      @Observes StartupEvent event,
      @ConfigProperty(name = "autopilot.parent-pid", defaultValue = "0") long launcher) {
    ParentProcess.whenGone(launcher, Quarkus::asyncExit);
  }
}
