package dev.autopilot.api.live;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The PostgreSQL channel replicas share board events on: NOTIFY to send, LISTEN to receive. */
@ApplicationScoped
public class BoardChannelRepository {

  static final String CHANNEL = "autopilot_board";

  private final AgroalDataSource dataSource;

  public BoardChannelRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Sends the payloads, in order, in one statement. */
  public void publish(List<String> payloads) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement notify =
            c.prepareStatement("select pg_notify(?, p) from unnest(?::text[]) p")) {
      notify.setString(1, CHANNEL);
      notify.setArray(2, c.createArrayOf("text", payloads.toArray()));
      notify.execute();
    }
  }

  /**
   * Listens on a connection of its own, handing each payload to {@code payloads}, until {@code
   * running} turns false or the connection fails (thrown); {@code connected} runs once listening.
   */
  public void listen(Runnable connected, BooleanSupplier running, Consumer<String> payloads)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("LISTEN " + CHANNEL);
      PGConnection pg = c.unwrap(PGConnection.class);
      connected.run();
      while (running.getAsBoolean()) {
        PGNotification[] got = pg.getNotifications(5_000);
        if (got == null) {
          s.execute("select 1"); // notices a dropped connection while idle
          continue;
        }
        for (PGNotification n : got) {
          payloads.accept(n.getParameter());
        }
      }
    }
  }
}
