/*
 * Clients.java
 *		The BI workload of test/clients.sh through pgJDBC with its default
 *		connection settings, as Metabase, Tableau, Power BI and DBeaver run
 *		it: every statement prepared, every parameter bound with setString
 *		(varchar) or setDate, results read with getObject.  Prints TAP lines.
 *
 *   java -cp /usr/share/java/postgresql.jar test/clients/Clients.java WORKLOAD
 *
 * Connects to jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE as $PGUSER.
 */
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.*;
import java.util.*;
import java.util.concurrent.*;

public class Clients {
    static int count = 0, failed = 0;

    static void check(boolean ok, String what) {
        count++;
        if (!ok) failed++;
        System.out.println((ok ? "ok " : "not ok ") + count + " - pgjdbc: " + what);
    }

    static Connection connect() throws SQLException {
        String url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT")
            + "/" + System.getenv("PGDATABASE");
        return DriverManager.getConnection(url, System.getenv("PGUSER"), "");
    }

    /* Bind "?" parameters: "date:1998-06-30" with setDate, "int:5" with setInt, the rest with setString. */
    static PreparedStatement prepare(Connection c, Workload.Query q) throws SQLException {
        PreparedStatement s = c.prepareStatement(q.sql);
        for (int i = 0; i < q.params.size(); i++) {
            String p = q.params.get(i);
            if (p.startsWith("date:")) s.setDate(i + 1, java.sql.Date.valueOf(p.substring(5)));
            else if (p.startsWith("int:")) s.setInt(i + 1, Integer.parseInt(p.substring(4)));
            else if (p.startsWith("float:")) s.setDouble(i + 1, Double.parseDouble(p.substring(6)));
            else if (p.startsWith("array:")) s.setArray(i + 1, c.createArrayOf("varchar", p.substring(6).split(",")));
            else s.setString(i + 1, p);
        }
        return s;
    }

    static List<List<Object>> rows(Connection c, Workload.Query q, List<String> names) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (PreparedStatement s = prepare(c, q); ResultSet r = s.executeQuery()) {
            ResultSetMetaData md = r.getMetaData();
            if (names != null)
                for (int i = 1; i <= md.getColumnCount(); i++) names.add(md.getColumnName(i));
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.add(r.getObject(i));
                out.add(row);
            }
        }
        return out;
    }

    static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal && b instanceof BigDecimal)
            return ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
        return Objects.equals(a, b);
    }

    /* The rows of a query equal to the rows of its reference, value by value. */
    static void compare(Connection c, Workload.Query q, Workload.Query ref) throws SQLException {
        List<String> names = new ArrayList<>();
        List<List<Object>> got = rows(c, q, names);
        List<List<Object>> want = rows(c, ref, null);
        int mismatches = 0, opaque = 0;
        for (int i = 0; i < Math.max(got.size(), want.size()); i++) {
            if (i >= got.size() || i >= want.size()) { mismatches++; continue; }
            for (int k = 0; k < got.get(i).size(); k++) {
                Object v = got.get(i).get(k);
                if (v instanceof org.postgresql.util.PGobject || v instanceof Struct) opaque++;
                if (!same(v, want.get(i).get(k))) mismatches++;
            }
        }
        check(got.size() == q.expectRows, q.name + ": " + got.size() + " rows (want " + q.expectRows + ")");
        check(opaque == 0, q.name + ": every value a plain Java type (" + opaque + " PGobject or Struct)");
        check(mismatches == 0, q.name + ": equal to " + ref.name + " (" + mismatches + " mismatches over "
              + names.size() + " columns)");
    }

    static void error(Connection c, Workload.Query q) {
        try {
            rows(c, q, null);
            check(false, q.name + ": no error (want " + q.expect + ")");
        } catch (SQLException e) {
            String state = e.getSQLState();
            String hint = null, where = null, detail = null;
            if (e instanceof org.postgresql.util.PSQLException) {
                org.postgresql.util.ServerErrorMessage m = ((org.postgresql.util.PSQLException) e).getServerErrorMessage();
                if (m != null) { hint = m.getHint(); where = m.getWhere(); detail = m.getDetail(); }
            }
            check(q.expect.equals(state) && hint != null && ownContext(where, q.function),
                  q.name + ": " + state + " (want " + q.expect + "), detail " + detail + ", hint " + hint
                  + (where == null ? ", no context" : ", context " + where.replace('\n', ' ')));
        }
    }

    /* No context, or one line: the function called itself, never the statements inside it. */
    static boolean ownContext(String where, String function) {
        return where == null || (!where.contains("\n") && where.contains("function portfolio." + function + "("));
    }

    /* connections x rounds of the dashboard queries at once: errors, and p50/p95 per query. */
    static void dashboard(List<Workload.Query> tiles, int connections, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        Map<String, List<Double>> times = new ConcurrentHashMap<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < connections; t++)
            results.add(pool.submit(() -> {
                int errors = 0;
                try (Connection c = connect()) {
                    for (int r = 0; r < rounds; r++)
                        for (Workload.Query q : tiles) {
                            long t0 = System.nanoTime();
                            try { rows(c, q, null); } catch (SQLException e) { errors++; }
                            times.computeIfAbsent(q.name, k -> Collections.synchronizedList(new ArrayList<>()))
                                 .add((System.nanoTime() - t0) / 1e6);
                        }
                }
                return errors;
            }));
        int errors = 0;
        for (Future<Integer> f : results) errors += f.get();
        pool.shutdown();
        check(errors == 0, "dashboard: " + connections + " connections x " + rounds + " rounds, " + errors + " errors");
        for (Workload.Query q : tiles) {
            List<Double> ms = new ArrayList<>(times.get(q.name));
            Collections.sort(ms);
            System.out.printf("# pgjdbc %s: p50 %.0f ms, p95 %.0f ms%n", q.name,
                              ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1));
        }
    }

    public static void main(String[] args) throws Exception {
        Workload w = Workload.read(Path.of(args[0]));
        try (Connection c = connect()) {
            for (Workload.Query q : w.queries) {
                switch (q.kind) {
                    case "rows": compare(c, q, w.byName(q.reference)); break;
                    case "error": error(c, q); break;
                    default: break;
                }
            }
        }
        dashboard(w.tiles(), w.connections, w.rounds);
        System.out.println("1.." + count);
        System.exit(failed == 0 ? 0 : 1);
    }
}

/* test/clients/workload.txt: see its header. */
class Workload {
    static class Query {
        String kind, name, reference, expect, function, sql;
        long expectRows;
        List<String> params = new ArrayList<>();
    }
    List<Query> queries = new ArrayList<>();
    int connections = 8, rounds = 20;

    Query byName(String name) {
        for (Query q : queries) if (q.name.equals(name)) return q;
        throw new IllegalArgumentException("no query " + name);
    }

    List<Query> tiles() {
        List<Query> t = new ArrayList<>();
        for (Query q : queries) if (q.kind.equals("tile")) t.add(q);
        return t;
    }

    static Workload read(Path path) throws Exception {
        Workload w = new Workload();
        Query q = null;
        for (String line : Files.readAllLines(path)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t");
            switch (f[0]) {
                case "dashboard": w.connections = Integer.parseInt(f[1]); w.rounds = Integer.parseInt(f[2]); break;
                case "param": q.params.add(f[1]); break;
                case "sql": q.sql = (q.sql == null ? "" : q.sql + "\n") + f[1]; break;
                default:
                    q = new Query();
                    q.kind = f[0];
                    q.name = f[1];
                    if (f[0].equals("rows")) { q.reference = f[2]; q.expectRows = Long.parseLong(f[3]); }
                    if (f[0].equals("error")) { q.expect = f[2]; q.function = f[3]; }
                    w.queries.add(q);
            }
        }
        return w;
    }
}
