package dev.autopilot.runner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** The egress proxy: listed hosts at public addresses, and a tunnel only to the name it named. */
class EgressTunnelTest {

  @Test
  void connectReachesOnlyListedHosts() throws Exception {
    try (GatewayHarness h = new GatewayHarness(Map.of())) {
      int port = h.port();
      assertEquals(403, h.status("CONNECT 127.0.0.2:" + port + " HTTP/1.1\r\nHost: x\r\n\r\n"));
      assertEquals(403, h.status("CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n"));
      // Listed by name, and the name leads to this machine.
      assertEquals(403, h.status("CONNECT localhost:" + port + " HTTP/1.1\r\nHost: x\r\n\r\n"));
      assertEquals(200, h.status("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
  }

  @Test
  void thePlainHttpPathRefusesPrivateAddressesAsConnectDoes() throws Exception {
    try (GatewayHarness h = new GatewayHarness(Map.of())) {
      String viaName =
          "GET http://localhost:"
              + h.port()
              + "/x HTTP/1.1\r\nHost: localhost\r\n"
              + "Connection: close\r\n\r\n";
      assertEquals(403, h.status(viaName), "a listed name that leads to loopback");
      assertEquals(List.of(), h.upstreamSaw);
      String literal =
          "GET http://127.0.0.1:"
              + h.port()
              + "/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Connection: close\r\n\r\n";
      assertEquals(200, h.status(literal), "the literal the operator listed");
      assertEquals(List.of("GET /x key=null"), h.upstreamSaw);
    }
  }

  @Test
  void aTunnelCarriesOnlyATlsHelloForItsOwnHost() throws Exception {
    try (GatewayHarness h = new GatewayHarness(Map.of());
        ServerSocket far = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      // The far end records the first bytes of each connection.
      List<byte[]> arrived = new java.util.concurrent.CopyOnWriteArrayList<>();
      CompletableFuture.runAsync(
          () -> {
            while (!far.isClosed()) {
              try (Socket s = far.accept()) {
                s.setSoTimeout(3000);
                byte[] first = s.getInputStream().readNBytes(5);
                if (first.length > 0) {
                  arrived.add(first);
                }
              } catch (IOException e) {
                // closed or timed out: next
              }
            }
          });
      EgressGateway gateway =
          new EgressGateway(
              h.vertx,
              List.of("127.0.0.1:" + far.getLocalPort()),
              dev.autopilot.runner.TestConfig.of(Map.of()).gateway());
      try {
        // A listed address with a server name of another host behind it: domain fronting.
        assertTrue(closedWithoutArriving(gateway, far, hello("cdn-customer.example"), arrived));
        assertTrue(closedWithoutArriving(gateway, far, "SSH-2.0-x\r\n".getBytes(), arrived));
        assertEquals(0, arrived.size());
        assertFalse(closedWithoutArriving(gateway, far, hello(null), arrived));
        assertTrue(waitFor(() -> arrived.size() == 1));
        assertEquals(0x16, arrived.get(0)[0], "the TLS hello itself reached the far end");
      } finally {
        gateway.close();
        far.close();
      }
    }
  }

  @Test
  void theServerNameMustBeTheTunnelsHost() throws Exception {
    byte[] hello = hello("api.example.com");
    ClientHello.Result parsed = ClientHello.parse(hello, hello.length);
    assertEquals(new ClientHello.Hello("api.example.com"), parsed);
    assertInstanceOf(ClientHello.Incomplete.class, ClientHello.parse(hello, 40));
    assertNull(
        ((ClientHello.Hello) ClientHello.parse(hello(null), hello(null).length)).serverName());
    assertInstanceOf(ClientHello.NotTls.class, ClientHello.parse("GET / HTTP/1.1".getBytes(), 14));
    assertTrue(ClientHello.admits(parsed, "API.example.com"));
    assertFalse(ClientHello.admits(parsed, "cdn.example.com"));
    assertFalse(ClientHello.admits(new ClientHello.Hello(null), "api.example.com"), "no name");
    assertTrue(ClientHello.admits(new ClientHello.Hello(null), "203.0.113.7"));
    assertFalse(ClientHello.admits(parsed, "203.0.113.7"), "a name behind a listed address");
  }

  @Test
  void everySpellingOfAPrivateOrSharedAddressIsPrivate() throws Exception {
    for (String a :
        List.of(
            "100.64.0.1",
            "100.127.255.254",
            "0.1.2.3",
            "198.18.0.1",
            "198.19.255.1",
            "10.0.0.1",
            "172.31.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "127.0.0.1",
            "::1",
            "::",
            "::ffff:10.0.0.1",
            "::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "fd00::1",
            "fe80::1",
            "ff02::1")) {
      assertTrue(EgressPolicy.isPrivate(InetAddress.getByName(a)), a);
    }
    for (String a : List.of("8.8.8.8", "100.128.0.1", "198.20.0.1", "2606:4700::1111")) {
      assertFalse(EgressPolicy.isPrivate(InetAddress.getByName(a)), a);
    }
    EgressPolicy policy = new EgressPolicy(List.of("*.0.0.1:443", "[::1]:8443", "*.example.com"));
    assertFalse(policy.allows("127.0.0.1", 443), "a wildcard never matches an address");
    assertTrue(policy.allows("[::1]", 8443));
    assertThrows(IOException.class, () -> policy.resolve("[::ffff:7f00:1]", 8443), "unlisted");
    assertTrue(policy.allows("a.example.com", 443));
  }

  private static boolean closedWithoutArriving(
      EgressGateway gateway, ServerSocket far, byte[] first, List<byte[]> arrived)
      throws Exception {
    int before = arrived.size();
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("CONNECT 127.0.0.1:" + far.getLocalPort() + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.UTF_8);
      assertEquals("HTTP/1.1 200", head);
      while (in.read() != '\n' || in.available() > 0 && in.read() != '\n') {
        // to the end of the response head
      }
      s.getOutputStream().write(first);
      s.getOutputStream().flush();
      try {
        s.setSoTimeout(1500);
        return in.read() < 0 && arrived.size() == before;
      } catch (java.net.SocketTimeoutException stillOpen) {
        return false;
      }
    }
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    for (int i = 0; i < 50 && !condition.getAsBoolean(); i++) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return condition.getAsBoolean();
  }

  /** A real ClientHello from the JDK's TLS engine, naming {@code host} (or no host). */
  static byte[] hello(String host) throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine();
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setServerNames(host == null ? List.of() : List.of(new SNIHostName(host)));
    engine.setSSLParameters(params);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }
}
