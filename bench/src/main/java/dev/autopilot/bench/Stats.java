package dev.autopilot.bench;

import java.util.Arrays;

/** Percentiles of a latency sample, in milliseconds. */
record Stats(int n, double p50, double p99, double max) {

  static Stats ofNanos(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Stats(
        sorted.length, pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double q) {
    int idx = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(idx, sorted.length - 1))] / 1e6;
  }

  @Override
  public String toString() {
    return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", n, p50, p99, max);
  }
}
