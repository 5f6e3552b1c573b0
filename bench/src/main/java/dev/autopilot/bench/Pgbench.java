package dev.autopilot.bench;

import dev.autopilot.launcher.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The database's own ceiling for the ingest benchmarks: pgbench on the same server, same run. */
final class Pgbench {

  private Pgbench() {}

  /** TPS of pgbench running one INSERT per transaction, or NaN when pgbench is not installed. */
  static double insertTps(LocalStack stack, int clients, int seconds) throws Exception {
    try (Connection c = stack.connectDb()) {
      c.createStatement()
          .execute(
              "create table if not exists bench_insert (id bigserial primary key, body text,"
                  + " created_at timestamptz not null default now())");
    }
    Path script = Files.createTempFile("pgbench", ".sql");
    Files.writeString(script, "insert into bench_insert (body) values ('feedback message');\n");
    ProcessBuilder pb =
        new ProcessBuilder(
                "pgbench",
                "-n",
                "-c",
                Integer.toString(clients),
                "-j",
                "2",
                "-T",
                Integer.toString(seconds),
                "-f",
                script.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(stack.postgresPort()),
                "-U",
                "postgres",
                "postgres")
            .redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", stack.postgresPassword());
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial").matcher(out);
      if (m.find()) {
        return Double.parseDouble(m.group(1));
      }
      System.out.println(out);
    } catch (IOException e) {
      System.out.println("pgbench not available: " + e.getMessage());
    }
    return Double.NaN;
  }
}
