package dev.autopilot.api.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopilot.infra.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V21 on a database filled at V20, as an existing install meets it: every issue and incident
 * project moves into the {@code default} project, refs keep the old numbers, and new issues are
 * numbered on from there, per project.
 */
class ProjectMigrationTest {

  private static LocalPostgres postgres;

  @BeforeAll
  static void start() {
    postgres = LocalPostgres.startTemporary();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void existingIssuesMoveIntoTheDefaultProjectAndNewOnesAreNumberedPerProject()
      throws SQLException {
    migrate("20");
    try (Connection c = postgres.connect();
        Statement s = c.createStatement()) {
      for (int i = 1; i <= 5; i++) {
        s.execute(
            "insert into issue (title, status, kind, priority, created_by) values ('old "
                + i
                + "', '"
                + (i % 2 == 0 ? "DONE" : "READY")
                + "', 'FEATURE', 'NORMAL', 'someone')");
      }
      s.execute("delete from issue where title = 'old 4'"); // a gap, as deletions leave
      s.execute(
          "insert into incident_project (name, created_by) values ('shop-frontend', 'someone')");
    }
    migrate(null);
    try (Connection c = postgres.connect();
        Statement s = c.createStatement()) {
      assertEquals(
          List.of(
              "1 DEFAULT-1 default",
              "2 DEFAULT-2 default",
              "3 DEFAULT-3 default",
              "5 DEFAULT-5 default"),
          rows(
              s,
              "select i.number || ' ' || i.ref || ' ' || p.key from issue i"
                  + " join project p on p.id = i.project_id order by i.id"));
      assertEquals(
          List.of("autopilot-api default", "shop-frontend default"),
          rows(
              s,
              "select ip.name || ' ' || p.key from incident_project ip"
                  + " join project p on p.id = ip.project_id order by ip.name"));

      s.execute(
          "insert into issue (project_id, title, status, kind, priority, created_by)"
              + " select id, 'new', 'BACKLOG', 'BUG', 'LOW', 'someone' from project"
              + " where key = 'default'");
      s.execute("insert into project (key, name, created_by) values ('shop', 'Shop', 'admin')");
      for (int i = 0; i < 2; i++) {
        s.execute(
            "insert into issue (project_id, title, status, kind, priority, created_by)"
                + " select id, 'shop', 'BACKLOG', 'BUG', 'LOW', 'someone' from project"
                + " where key = 'shop'");
      }
      assertEquals(
          List.of("DEFAULT-6", "SHOP-1", "SHOP-2"),
          rows(s, "select ref from issue where title in ('new', 'shop') order by id"),
          "the default project numbers on after the highest old id; a new project starts at 1");
      assertThrows(
          SQLException.class,
          () -> s.execute("insert into project (key, name, created_by) values ('A-B', 'x', 'y')"),
          "keys have the slug's shape");
    }
  }

  private static void migrate(String target) {
    var config =
        Flyway.configure()
            .dataSource(postgres.jdbcUrl(), LocalPostgres.USER, postgres.password())
            .locations("classpath:db/migration");
    if (target != null) {
      config.target(target);
    }
    config.load().migrate();
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
