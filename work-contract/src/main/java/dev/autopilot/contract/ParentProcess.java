package dev.autopilot.contract;

/**
 * Both services, when {@code ./autopilot up} starts them, end as soon as the launcher is gone, even
 * after a SIGKILL of the launcher, so no process is left behind.
 */
public final class ParentProcess {

  private static final System.Logger LOG = System.getLogger(ParentProcess.class.getName());

  private ParentProcess() {}

  /** Runs {@code stop} once process {@code pid} has exited (at once if it is gone); 0: never. */
  public static void whenGone(long pid, Runnable stop) {
    if (pid <= 0) {
      return;
    }
    Runnable gone =
        () -> {
          LOG.log(System.Logger.Level.WARNING, "The launcher is gone; stopping.");
          stop.run();
        };
    ProcessHandle.of(pid).ifPresentOrElse(h -> h.onExit().thenRun(gone), gone);
  }
}
