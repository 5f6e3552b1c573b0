package dev.autopilot.runner.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Carries connections from a Unix socket to the gateway's loopback port. A sandbox has no network
 * of its own: this socket, bound into it, is its one way out. Threads, not a child process, so it
 * ends with the runner however the runner ends.
 */
final class UnixBridge implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(UnixBridge.class);
  // Each connection costs two threads; a sandbox that opens thousands gets refused, not the JVM.
  private static final int MAX_CONNECTIONS = 128;

  private final ServerSocketChannel server;
  private final InetSocketAddress target;
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
  private volatile boolean open = true;

  UnixBridge(Path socket, int port) {
    try {
      Files.deleteIfExists(socket);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      // An agent uid other than the runner's must be able to connect (write permission); the
      // owner-only directory around it keeps everyone else out on the host.
      Files.setPosixFilePermissions(
          socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open the sandbox socket " + socket, e);
    }
    target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    Thread accept = new Thread(this::accept, "sandbox-bridge");
    accept.setDaemon(true);
    accept.start();
  }

  private void accept() {
    while (open) {
      try {
        SocketChannel in = server.accept();
        if (!connections.tryAcquire()) {
          in.close();
          continue;
        }
        SocketChannel out;
        try {
          out = SocketChannel.open(target);
        } catch (IOException e) {
          connections.release();
          in.close();
          continue;
        }
        AtomicInteger ended = new AtomicInteger();
        Runnable done =
            () -> {
              if (ended.incrementAndGet() == 2) {
                closeQuietly(in);
                closeQuietly(out);
                connections.release();
              }
            };
        pump(in, out, done);
        pump(out, in, done);
      } catch (IOException e) {
        if (open) {
          LOG.warnf("Sandbox bridge: %s", e.getMessage());
        }
      }
    }
  }

  // Copies one direction; at its end it half-closes the other side, and the second to end closes
  // both and frees the slot.
  private static void pump(SocketChannel from, SocketChannel to, Runnable done) {
    Thread t =
        new Thread(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
              try {
                while (from.read(buf) >= 0) {
                  buf.flip();
                  while (buf.hasRemaining()) {
                    to.write(buf);
                  }
                  buf.clear();
                }
                to.shutdownOutput();
              } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
              } finally {
                done.run();
              }
            },
            "sandbox-bridge-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
