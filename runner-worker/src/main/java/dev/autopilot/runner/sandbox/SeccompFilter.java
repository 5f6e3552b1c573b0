package dev.autopilot.runner.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runner's own seccomp filter for every sandbox, a classic BPF program handed to bubblewrap
 * ({@code --seccomp FD}). It takes away the kernel surface an agent never needs and attackers reach
 * for: io_uring (which bypasses syscall filtering), new namespaces (nested user namespaces are
 * where most privilege escalations start), ptrace, BPF, keyrings, userfaultfd, perf events, mounts
 * and module loading. Everything else is allowed: the policy is the mount, network and PID
 * namespaces; this is the second wall behind them. Syscalls of another ABI (x32, 32-bit) fail.
 */
final class SeccompFilter {

  private static final int RET_ALLOW = 0x7fff0000;
  private static final int EPERM = 1;
  private static final int ENOSYS = 38;
  private static final int RET_ERRNO = 0x00050000;
  private static final int NAMESPACES = 0x7e020000; // CLONE_NEW{NS,CGROUP,UTS,IPC,USER,PID,NET}
  private static final int CLONE_NEWTIME = 0x80; // unshare only: clone's low byte is a signal

  /** One architecture's audit id and the numbers of the syscalls the filter treats. */
  private record Arch(int audit, boolean x32Bit, Map<String, Integer> calls) {}

  // Numbers from the kernel's syscall tables (x86_64: syscall_64.tbl; aarch64: the generic table).
  private static final Map<String, Arch> ARCHES =
      Map.of(
          "amd64",
          new Arch(
              0xc000003e,
              true,
              Map.ofEntries(
                  Map.entry("clone", 56),
                  Map.entry("clone3", 435),
                  Map.entry("unshare", 272),
                  Map.entry("setns", 308),
                  Map.entry("io_uring_setup", 425),
                  Map.entry("io_uring_enter", 426),
                  Map.entry("io_uring_register", 427),
                  Map.entry("ptrace", 101),
                  Map.entry("process_vm_readv", 310),
                  Map.entry("process_vm_writev", 311),
                  Map.entry("bpf", 321),
                  Map.entry("keyctl", 250),
                  Map.entry("add_key", 248),
                  Map.entry("request_key", 249),
                  Map.entry("userfaultfd", 323),
                  Map.entry("perf_event_open", 298),
                  Map.entry("mount", 165),
                  Map.entry("umount2", 166),
                  Map.entry("pivot_root", 155),
                  Map.entry("open_tree", 428),
                  Map.entry("move_mount", 429),
                  Map.entry("fsopen", 430),
                  Map.entry("fsconfig", 431),
                  Map.entry("fsmount", 432),
                  Map.entry("fspick", 433),
                  Map.entry("mount_setattr", 442),
                  Map.entry("init_module", 175),
                  Map.entry("finit_module", 313),
                  Map.entry("delete_module", 176),
                  Map.entry("kexec_load", 246),
                  Map.entry("kexec_file_load", 320),
                  Map.entry("open_by_handle_at", 304),
                  Map.entry("fanotify_init", 300),
                  Map.entry("acct", 163),
                  Map.entry("swapon", 167),
                  Map.entry("swapoff", 168),
                  Map.entry("reboot", 169),
                  Map.entry("quotactl", 179),
                  Map.entry("iopl", 172),
                  Map.entry("ioperm", 173))),
          "aarch64",
          new Arch(
              0xc00000b7,
              false,
              Map.ofEntries(
                  Map.entry("clone", 220),
                  Map.entry("clone3", 435),
                  Map.entry("unshare", 97),
                  Map.entry("setns", 268),
                  Map.entry("io_uring_setup", 425),
                  Map.entry("io_uring_enter", 426),
                  Map.entry("io_uring_register", 427),
                  Map.entry("ptrace", 117),
                  Map.entry("process_vm_readv", 270),
                  Map.entry("process_vm_writev", 271),
                  Map.entry("bpf", 280),
                  Map.entry("keyctl", 219),
                  Map.entry("add_key", 217),
                  Map.entry("request_key", 218),
                  Map.entry("userfaultfd", 282),
                  Map.entry("perf_event_open", 241),
                  Map.entry("mount", 40),
                  Map.entry("umount2", 39),
                  Map.entry("pivot_root", 41),
                  Map.entry("open_tree", 428),
                  Map.entry("move_mount", 429),
                  Map.entry("fsopen", 430),
                  Map.entry("fsconfig", 431),
                  Map.entry("fsmount", 432),
                  Map.entry("fspick", 433),
                  Map.entry("mount_setattr", 442),
                  Map.entry("init_module", 105),
                  Map.entry("finit_module", 273),
                  Map.entry("delete_module", 106),
                  Map.entry("kexec_load", 104),
                  Map.entry("kexec_file_load", 294),
                  Map.entry("open_by_handle_at", 265),
                  Map.entry("fanotify_init", 262),
                  Map.entry("acct", 89),
                  Map.entry("swapon", 224),
                  Map.entry("swapoff", 225),
                  Map.entry("reboot", 142),
                  Map.entry("quotactl", 60))));

  private SeccompFilter() {}

  /** Whether this machine's architecture has a filter. */
  static boolean supported() {
    return ARCHES.containsKey(arch());
  }

  private static String arch() {
    return System.getProperty("os.arch").toLowerCase(Locale.ROOT);
  }

  /** The filter for this machine's architecture, as the bytes of a {@code sock_filter} array. */
  static byte[] program() {
    Arch arch = ARCHES.get(arch());
    if (arch == null) {
      throw new IllegalStateException("no seccomp filter for the architecture " + arch());
    }
    Bpf p = new Bpf();
    p.load(4); // seccomp_data.arch
    p.jumpUnless(arch.audit(), "deny");
    p.load(0); // seccomp_data.nr
    if (arch.x32Bit()) {
      p.jumpIfAtLeast(0x40000000, "deny"); // the x32 ABI's numbers
    }
    Map<String, Integer> n = arch.calls();
    p.jumpIf(n.get("clone"), "clone");
    p.jumpIf(n.get("unshare"), "unshare");
    // clone3 hides its flags in memory a filter cannot read: ENOSYS makes libc fall back to clone.
    for (String call : List.of("clone3", "io_uring_setup", "io_uring_enter", "io_uring_register")) {
      p.jumpIf(n.get(call), "nosys");
    }
    for (Map.Entry<String, Integer> call : n.entrySet()) {
      if (!List.of("clone", "unshare", "clone3").contains(call.getKey())
          && !call.getKey().startsWith("io_uring")) {
        p.jumpIf(call.getValue(), "deny");
      }
    }
    p.ret(RET_ALLOW);
    p.label("clone");
    p.load(16); // the low half of args[0], the flags
    p.jumpIfAnyBit(NAMESPACES, "deny");
    p.ret(RET_ALLOW);
    p.label("unshare");
    p.load(16);
    p.jumpIfAnyBit(NAMESPACES | CLONE_NEWTIME, "deny");
    p.ret(RET_ALLOW);
    p.label("nosys");
    p.ret(RET_ERRNO | ENOSYS);
    p.label("deny");
    p.ret(RET_ERRNO | EPERM);
    return p.bytes();
  }

  /** A tiny assembler for classic BPF with forward jumps to labels. */
  private static final class Bpf {
    private record Insn(int code, String jt, String jf, int k) {}

    private final List<Insn> code = new ArrayList<>();
    private final Map<String, Integer> labels = new java.util.HashMap<>();

    void load(int offset) {
      code.add(new Insn(0x20, null, null, offset)); // BPF_LD | BPF_W | BPF_ABS
    }

    void jumpIf(int value, String label) {
      code.add(new Insn(0x15, label, null, value)); // BPF_JMP | BPF_JEQ | BPF_K
    }

    void jumpUnless(int value, String label) {
      code.add(new Insn(0x15, null, label, value));
    }

    void jumpIfAtLeast(int value, String label) {
      code.add(new Insn(0x35, label, null, value)); // BPF_JMP | BPF_JGE | BPF_K
    }

    void jumpIfAnyBit(int mask, String label) {
      code.add(new Insn(0x45, label, null, mask)); // BPF_JMP | BPF_JSET | BPF_K
    }

    void ret(int value) {
      code.add(new Insn(0x06, null, null, value)); // BPF_RET | BPF_K
    }

    void label(String name) {
      labels.put(name, code.size());
    }

    byte[] bytes() {
      ByteBuffer out = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.nativeOrder());
      for (int i = 0; i < code.size(); i++) {
        Insn insn = code.get(i);
        out.putShort((short) insn.code());
        out.put(offset(i, insn.jt()));
        out.put(offset(i, insn.jf()));
        out.putInt(insn.k());
      }
      return out.array();
    }

    private byte offset(int at, String label) {
      if (label == null) {
        return 0;
      }
      int jump = labels.get(label) - at - 1;
      if (jump < 0 || jump > 255) {
        throw new IllegalStateException("a BPF jump out of range: " + label);
      }
      return (byte) jump;
    }
  }
}
