package dev.parley.store.jdbi;

import dev.parley.domain.PhoneNumber;
import dev.parley.store.NumberStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiNumberStore implements NumberStore {
    private static final RowMapper<PhoneNumber> ROW = (rs, ctx) -> new PhoneNumber(
            rs.getString("number"),
            rs.getString("application_id"),
            rs.getString("trunk_name"),
            rs.getLong("created_ms"));

    private final Sql sql;

    JdbiNumberStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(PhoneNumber number) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO numbers (number, application_id, trunk_name, created_ms)"
                        + " VALUES (:number, :app, :trunk, :created)")
                .bind("number", number.number())
                .bind("app", number.applicationId())
                .bind("trunk", number.trunkName())
                .bind("created", number.createdMs()));
    }

    @Override
    public Optional<PhoneNumber> find(String number) {
        return sql.handle()
                .createQuery("SELECT * FROM numbers WHERE number = :number")
                .bind("number", number)
                .map(ROW)
                .findOne();
    }

    @Override
    public List<PhoneNumber> ofApplication(String applicationId) {
        return sql.handle()
                .createQuery("SELECT * FROM numbers WHERE application_id = :app ORDER BY number")
                .bind("app", applicationId)
                .map(ROW)
                .list();
    }

    @Override
    public List<PhoneNumber> all() {
        return sql.handle()
                .createQuery("SELECT * FROM numbers ORDER BY number")
                .map(ROW)
                .list();
    }

    @Override
    public int countOnTrunk(String trunkName) {
        return sql.handle()
                .createQuery("SELECT COUNT(*) FROM numbers WHERE trunk_name = :trunk")
                .bind("trunk", trunkName)
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public boolean delete(String number) {
        return sql.handle()
                        .createUpdate("DELETE FROM numbers WHERE number = :number")
                        .bind("number", number)
                        .execute()
                > 0;
    }
}
