package dev.autopilot.api.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address a request came from, and whether it came over TLS. {@code X-Forwarded-For} and {@code
 * X-Forwarded-Proto} are only believed when the peer is a configured trusted proxy; then the
 * right-most entry that is not itself a trusted proxy wins (entries further left are whatever the
 * client chose to send). Not {@code quarkus.http.proxy.*}: its parser (3.33) takes the left-most
 * entry, which is the client's own when a proxy appends, as nginx and most load balancers do; a
 * spoofed entry would give every request a fresh rate limit. quarkusio/quarkus#56248 (merged after
 * 3.33.2) selects by hop count; move to it when the platform moves past 3.33.
 */
@ApplicationScoped
public class ClientAddress {

  private final List<String> trusted;

  public ClientAddress(ProxyConfig config) {
    this.trusted = config.trustedProxies().orElse(List.of());
  }

  /**
   * Whether the client reached us over TLS: directly, or through a trusted proxy that says so in
   * {@code X-Forwarded-Proto} (its first value: the proxy nearest the client).
   */
  public boolean viaTls(HttpServerRequest request) {
    if (request.isSSL()) {
      return true;
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    if (proto == null || trusted.isEmpty()) {
      return false;
    }
    String first = proto.split(",", 2)[0].strip();
    return first.equalsIgnoreCase("https") && isTrusted(peer(request));
  }

  /** The connection's own peer address (never a forwarded one). */
  public static String peer(HttpServerRequest request) {
    SocketAddress address = request.connection().remoteAddress();
    return address == null ? "" : address.hostAddress();
  }

  /** The client address for rate limiting. */
  public String resolve(String peer, String forwardedFor) {
    if (forwardedFor == null || trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!hop.isEmpty() && !isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    for (String entry : trusted) {
      if (matches(entry.strip(), address)) {
        return true;
      }
    }
    return false;
  }

  static boolean matches(String rule, String address) {
    try {
      if (!looksLikeIp(address)) {
        return false;
      }
      int slash = rule.indexOf('/');
      byte[] target = InetAddress.getByName(address).getAddress();
      byte[] net = InetAddress.getByName(slash < 0 ? rule : rule.substring(0, slash)).getAddress();
      if (target.length != net.length) {
        return false;
      }
      int bits = slash < 0 ? net.length * 8 : Integer.parseInt(rule.substring(slash + 1));
      int shift = net.length * 8 - bits;
      return new BigInteger(1, target)
          .shiftRight(shift)
          .equals(new BigInteger(1, net).shiftRight(shift));
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }

  // Only literals: InetAddress.getByName would otherwise resolve host names through DNS.
  private static boolean looksLikeIp(String s) {
    return !s.isEmpty() && s.length() <= 45 && s.matches("[0-9a-fA-F:.]+");
  }
}
