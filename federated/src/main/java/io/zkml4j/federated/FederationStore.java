package io.zkml4j.federated;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The coordinator's durable record, in SQLite (a file) or PostgreSQL (a JDBC URL), with one schema
 * migrated by Flyway ({@code db/migration}). Every write commits before it returns, so an update
 * acknowledged to a participant survives the coordinator being killed; one connection, used by one
 * thread at a time.
 */
public final class FederationStore implements AutoCloseable {
    private final Connection connection;

    private FederationStore(Connection connection) {
        this.connection = connection;
    }

    /** A store at a JDBC URL ({@code jdbc:sqlite:fl.db}, {@code jdbc:postgresql://host/db?user=..}), its schema migrated. */
    public static FederationStore open(String jdbcUrl) throws SQLException {
        Flyway.configure(FederationStore.class.getClassLoader()).dataSource(jdbcUrl, null, null).locations("classpath:db/migration")
                .load().migrate();
        Connection c = DriverManager.getConnection(jdbcUrl);
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL"); // a committed update is on disk before it is acknowledged
                s.execute("PRAGMA busy_timeout=10000");
            }
        }
        c.setAutoCommit(false);
        return new FederationStore(c);
    }

    /** A SQLite file's JDBC URL. */
    public static String sqliteUrl(java.nio.file.Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    public record Federation(byte[] federationId, String planText, byte[] planDigest, byte[] initialModel, long createdAt) {}

    public record Participant(int id, byte[] publicKey, byte[] dataset, long rows, long enrolledAt) {}

    public record Round(int round, byte[] globalModel, long openedAt, long deadlineAt, Long closedAt, String outcome, Double validationAccuracy) {
        public boolean open() {
            return closedAt == null;
        }
    }

    public record Update(int id, int round, Integer participant, boolean accepted, String reason, byte[] trainedModel, byte[] proof, Double verifyMs,
                         long receivedAt) {}

    public synchronized Optional<Federation> federation() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT federation_id, plan_text, plan_digest, initial_model, created_at FROM federation WHERE id = 1");
             ResultSet r = s.executeQuery()) {
            Optional<Federation> out = r.next()
                    ? Optional.of(new Federation(r.getBytes(1), r.getString(2), r.getBytes(3), r.getBytes(4), r.getLong(5)))
                    : Optional.empty();
            connection.commit();
            return out;
        }
    }

    /** Creates the federation and opens its first round, in one transaction. */
    public synchronized void create(Federation f, byte[] firstModel, long deadlineAt) throws SQLException {
        transaction(() -> {
            execute("INSERT INTO federation (id, federation_id, plan_text, plan_digest, initial_model, created_at) VALUES (1, ?, ?, ?, ?, ?)",
                    f.federationId(), f.planText(), f.planDigest(), f.initialModel(), f.createdAt());
            insertRound(1, firstModel, f.createdAt(), deadlineAt);
            return null;
        });
    }

    /** Enrols a participant; its id is the next free one. */
    public synchronized int enroll(byte[] publicKey, byte[] dataset, long rows, long now) throws SQLException {
        return transaction(() -> {
            int id = nextId("participants");
            execute("INSERT INTO participants (id, public_key, dataset, row_count, enrolled_at) VALUES (?, ?, ?, ?, ?)", id, publicKey, dataset, rows, now);
            return id;
        });
    }

    public synchronized List<Participant> participants() throws SQLException {
        List<Participant> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT id, public_key, dataset, row_count, enrolled_at FROM participants ORDER BY id"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Participant(r.getInt(1), r.getBytes(2), r.getBytes(3), r.getLong(4), r.getLong(5)));
            }
        }
        connection.commit();
        return out;
    }

    public synchronized List<Round> rounds() throws SQLException {
        List<Round> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT round, global_model, opened_at, deadline_at, closed_at, outcome, validation_accuracy FROM rounds ORDER BY round");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                long closed = r.getLong(5);
                Long closedAt = r.wasNull() ? null : closed;
                double acc = r.getDouble(7);
                Double accuracy = r.wasNull() ? null : acc;
                out.add(new Round(r.getInt(1), r.getBytes(2), r.getLong(3), r.getLong(4), closedAt, r.getString(6), accuracy));
            }
        }
        connection.commit();
        return out;
    }

    /** Records an update, accepted or rejected with its reason; committed when this returns. */
    public synchronized int recordUpdate(int round, Integer participant, boolean accepted, String reason, byte[] trainedModel, byte[] proof,
                                         Double verifyMs, long now) throws SQLException {
        return transaction(() -> {
            int id = nextId("updates");
            execute("INSERT INTO updates (id, round, participant, accepted, reason, trained_model, proof, verify_ms, received_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, round, participant == null ? Null.INTEGER : participant, accepted ? 1 : 0, reason,
                    trainedModel == null ? Null.BYTES : trainedModel, proof == null ? Null.BYTES : proof, verifyMs == null ? Null.DOUBLE : verifyMs, now);
            return id;
        });
    }

    /** The updates of a round in arrival order (all of them with {@code withBodies}, else without models and proofs). */
    public synchronized List<Update> updates(int round, boolean withBodies) throws SQLException {
        List<Update> out = new ArrayList<>();
        String columns = withBodies ? "trained_model, proof" : "NULL, NULL";
        try (PreparedStatement s = connection.prepareStatement("SELECT id, round, participant, accepted, reason, " + columns
                + ", verify_ms, received_at FROM updates WHERE round = ? ORDER BY id")) {
            s.setInt(1, round);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(update(r));
                }
            }
        }
        connection.commit();
        return out;
    }

    /**
     * Closes a round with its outcome and, in the same transaction, adds the next round with its
     * global model: open until {@code nextDeadline}, or, after the last round ({@code last}), closed
     * at once as the federation's final model.
     */
    public synchronized void closeRound(int round, long now, String outcome, Double validationAccuracy, byte[] nextModel, long nextDeadline,
                                        boolean last) throws SQLException {
        transaction(() -> {
            if (execute("UPDATE rounds SET closed_at = ?, outcome = ?, validation_accuracy = ? WHERE round = ? AND closed_at IS NULL", now, outcome,
                    validationAccuracy == null ? Null.DOUBLE : validationAccuracy, round) != 1) {
                throw new SQLException("round " + round + " is not open");
            }
            insertRound(round + 1, nextModel, now, last ? now : nextDeadline);
            if (last) {
                execute("UPDATE rounds SET closed_at = ?, outcome = ? WHERE round = ?", now, FINAL_MODEL, round + 1);
            }
            return null;
        });
    }

    /** The outcome of the row after the last round: it holds the federation's final model and is never trained. */
    public static final String FINAL_MODEL = "the federation's final model";

    /** One update with its body, or null when there is none with this id. */
    public synchronized Update update(int id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT id, round, participant, accepted, reason, trained_model, proof, verify_ms, "
                + "received_at FROM updates WHERE id = ?")) {
            s.setInt(1, id);
            try (ResultSet r = s.executeQuery()) {
                Update out = r.next() ? update(r) : null;
                connection.commit();
                return out;
            }
        }
    }

    private static Update update(ResultSet r) throws SQLException {
        int p = r.getInt(3);
        Integer participant = r.wasNull() ? null : p;
        double ms = r.getDouble(8);
        Double verifyMs = r.wasNull() ? null : ms;
        return new Update(r.getInt(1), r.getInt(2), participant, r.getInt(4) == 1, r.getString(5), r.getBytes(6), r.getBytes(7), verifyMs, r.getLong(9));
    }

    private void insertRound(int round, byte[] model, long openedAt, long deadlineAt) throws SQLException {
        execute("INSERT INTO rounds (round, global_model, opened_at, deadline_at) VALUES (?, ?, ?, ?)", round, model, openedAt, deadlineAt);
    }

    /** A typed SQL NULL (PostgreSQL needs the type of a null parameter). */
    private enum Null {
        INTEGER(Types.INTEGER), DOUBLE(Types.DOUBLE), BYTES(Types.BINARY);

        final int type;

        Null(int type) {
            this.type = type;
        }
    }

    /** Runs one statement with its parameters; the number of rows it changed. */
    private int execute(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                switch (parameters[i]) {
                    case Null n -> s.setNull(i + 1, n.type);
                    case Integer v -> s.setInt(i + 1, v);
                    case Long v -> s.setLong(i + 1, v);
                    case Double v -> s.setDouble(i + 1, v);
                    case String v -> s.setString(i + 1, v);
                    case byte[] v -> s.setBytes(i + 1, v);
                    default -> throw new IllegalArgumentException("parameter " + i + " is a " + parameters[i].getClass().getSimpleName());
                }
            }
            return s.executeUpdate();
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Work in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T transaction(Work<T> work) throws SQLException {
        try {
            T out = work.run();
            connection.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private int nextId(String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
