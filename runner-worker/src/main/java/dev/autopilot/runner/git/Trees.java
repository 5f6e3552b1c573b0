package dev.autopilot.runner.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Deletes a tree the agent filled, whatever it put there: directories it made read-only (or
 * unreadable) and paths longer than PATH_MAX, which {@code git clean} and an ordinary walk cannot
 * delete. A slot that kept such files would fail every job after.
 */
final class Trees {

  private static final Logger LOG = Logger.getLogger(Trees.class);
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Path PARENT = Path.of("..");

  private Trees() {}

  /**
   * Deletes {@code dir}; when even that fails, moves it into {@code trash} (a rename needs nothing
   * of its contents) so that the path is free for a new worktree. True when the path is free.
   */
  static boolean remove(Path dir, Path trash) {
    if (delete(dir)) {
      return true;
    }
    try {
      Files.createDirectories(trash);
      Path aside = trash.resolve(dir.getFileName() + "-" + System.nanoTime());
      Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
      LOG.warnf("Could not delete %s; moved it to %s", dir, aside);
      return true;
    } catch (IOException e) {
      LOG.errorf("Could not delete or move %s: %s", dir, e.getMessage());
      return false;
    }
  }

  /** Deletes {@code root} and everything under it; true when it is gone. */
  static boolean delete(Path root) {
    try {
      if (!Files.isDirectory(root, NOFOLLOW)) {
        Files.deleteIfExists(root);
        return true;
      }
      writable(root);
      try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
        if (top instanceof SecureDirectoryStream<Path> secure) {
          clear(root, secure);
        } else {
          walk(root);
        }
      }
      Files.deleteIfExists(root);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warnf("Could not delete %s: %s", root, e.getMessage());
      return !Files.exists(root, NOFOLLOW);
    }
  }

  /**
   * Empties a directory depth-first with one directory open at a time and every call relative to it
   * (openat, unlinkat): no path the kernel sees grows with the depth, and the open descriptors do
   * not either. Each directory gets u+rwx before it is read, so a read-only one empties too.
   */
  private static void clear(Path root, SecureDirectoryStream<Path> top) throws IOException {
    Deque<Path> down = new ArrayDeque<>(); // the names from root to the open directory
    SecureDirectoryStream<Path> current = top;
    try {
      while (true) {
        Path sub = null;
        for (Path entry : current) { // a stream is read once: the loop opens a fresh one
          Path name = entry.getFileName();
          BasicFileAttributes attributes =
              current
                  .getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
                  .readAttributes();
          if (attributes.isDirectory()) {
            sub = name;
            break;
          }
          current.deleteFile(name); // a symbolic link is deleted, never followed
        }
        if (sub != null) {
          writable(current, sub, root, down);
          SecureDirectoryStream<Path> next = current.newDirectoryStream(sub, NOFOLLOW);
          current.close();
          current = next;
          down.addLast(sub);
          continue;
        }
        if (down.isEmpty()) {
          return;
        }
        SecureDirectoryStream<Path> parent = current.newDirectoryStream(PARENT, NOFOLLOW);
        current.close();
        current = parent;
        current.deleteDirectory(down.removeLast());
      }
    } finally {
      current.close();
    }
  }

  /** Where no directory stream is secure: chmod and delete along an ordinary walk. */
  private static void walk(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            writable(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (!dir.equals(root)) {
              Files.delete(dir);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * u+rwx on a directory by its path. The path is known to name a directory, not a link (the agent
   * that could swap one in is gone): chmod by path needs nothing of the directory's own mode, where
   * the NOFOLLOW form would first have to open it for reading.
   */
  private static void writable(Path dir) throws IOException {
    PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, NOFOLLOW);
    if (attributes.isDirectory()) {
      Files.setPosixFilePermissions(dir, withOwnerRwx(attributes.permissions()));
    }
  }

  /**
   * u+rwx on {@code name} in {@code dir}, relative to it. The relative view opens the directory for
   * reading, which one without read permission refuses: then by its path, while that is short.
   */
  private static void writable(
      SecureDirectoryStream<Path> dir, Path name, Path root, Deque<Path> down) throws IOException {
    PosixFileAttributeView view =
        dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW);
    if (view == null) {
      return;
    }
    try {
      view.setPermissions(withOwnerRwx(view.readAttributes().permissions()));
    } catch (IOException e) {
      Path path = root;
      for (Path step : down) {
        path = path.resolve(step);
      }
      writable(path.resolve(name)); // fails beyond PATH_MAX: then the slot is moved aside
    }
  }

  private static Set<PosixFilePermission> withOwnerRwx(Set<PosixFilePermission> permissions) {
    Set<PosixFilePermission> wanted = EnumSet.noneOf(PosixFilePermission.class);
    wanted.addAll(permissions);
    wanted.addAll(
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE));
    return wanted;
  }
}
