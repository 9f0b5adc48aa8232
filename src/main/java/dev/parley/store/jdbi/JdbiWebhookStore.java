package dev.parley.store.jdbi;

import dev.parley.store.WebhookStore;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiWebhookStore implements WebhookStore {
    private static final RowMapper<Delivery> ROW = (rs, ctx) -> new Delivery(
            rs.getString("id"),
            rs.getString("application_id"),
            rs.getString("conversation_id"),
            rs.getLong("event_id"),
            rs.getLong("position"),
            rs.getString("url"),
            rs.getString("method"),
            rs.getString("status"),
            rs.getInt("attempts"),
            rs.getLong("next_attempt_ms"),
            rs.getLong("created_ms"),
            rs.getString("last_error"),
            rs.getString("payload_json"),
            rs.getString("lane_key"));

    private static final String PENDING_IN_LANE =
            "SELECT 1 FROM webhook_deliveries WHERE lane = :lane AND status = 'pending'";

    private final Sql sql;
    private final Runnable onEnqueue;

    JdbiWebhookStore(Sql sql, Runnable onEnqueue) {
        this.sql = sql;
        this.onEnqueue = onEnqueue;
    }

    private static String lane(String url, String conversationId) {
        return url + " " + conversationId;
    }

    /** A delivery's lane: its URL and its lane key, or its conversation when it has none. */
    private static String lane(Delivery delivery) {
        return lane(delivery.url(), delivery.laneKey() != null ? delivery.laneKey() : delivery.conversationId());
    }

    @Override
    public void enqueue(
            String id,
            String applicationId,
            String conversationId,
            long eventId,
            long position,
            String url,
            String method,
            long nowMs) {
        insert(id, applicationId, conversationId, eventId, null, position, url, method, null, nowMs);
    }

    @Override
    public void enqueuePayload(
            String id,
            String applicationId,
            String conversationId,
            String laneKey,
            long position,
            String url,
            String method,
            String payloadJson,
            long nowMs) {
        insert(id, applicationId, conversationId, 0, laneKey, position, url, method, payloadJson, nowMs);
    }

    /**
     * One delivery, the head of its lane if nothing else there is pending. A lane's enqueues come one
     * transaction at a time (a conversation's id counter, a call's one thread), so this check and insert
     * cannot interleave with another enqueue into the lane.
     */
    private void insert(
            String id,
            String applicationId,
            String conversationId,
            long eventId,
            String laneKey,
            long position,
            String url,
            String method,
            String payloadJson,
            long nowMs) {
        onEnqueue.run();
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO webhook_deliveries (id, application_id, conversation_id, event_id,"
                        + " position, url, method, lane, status, ready, next_attempt_ms, created_ms, payload_json,"
                        + " lane_key) VALUES (:id, :app, :conversation, :event, :position, :url, :method, :lane,"
                        + " 'pending', CASE WHEN EXISTS (" + PENDING_IN_LANE + ") THEN 0 ELSE 1 END, :now, :now,"
                        + " :payload, :lane_key)")
                .bind("id", id)
                .bind("app", applicationId)
                .bind("conversation", conversationId)
                .bind("event", eventId)
                .bind("position", position)
                .bind("url", url)
                .bind("method", method)
                .bind("lane", lane(url, laneKey != null ? laneKey : conversationId))
                .bind("now", nowMs)
                .bind("payload", payloadJson)
                .bind("lane_key", laneKey));
    }

    @Override
    public List<String> dueUrls(long nowMs, int limit) {
        return sql.handle()
                .createQuery("SELECT DISTINCT url FROM webhook_deliveries WHERE status = 'pending' AND ready = 1"
                        + " AND next_attempt_ms <= :now AND lease_until_ms <= :now LIMIT :limit")
                .bind("now", nowMs)
                .bind("limit", limit)
                .mapTo(String.class)
                .list();
    }

    @Override
    public List<List<Delivery>> claimLanes(
            String url, long nowMs, long leaseUntilMs, String lessee, int lanes, int perLane) {
        List<Delivery> heads = sql.handle()
                .createQuery("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND ready = 1"
                        + " AND next_attempt_ms <= :now AND lease_until_ms <= :now AND url = :url"
                        + " ORDER BY next_attempt_ms, position LIMIT :limit" + sql.dialect.skipLocked())
                .bind("now", nowMs)
                .bind("url", url)
                .bind("limit", lanes)
                .map(ROW)
                .list();
        List<List<Delivery>> claimed = new ArrayList<>(heads.size());
        for (Delivery head : heads) {
            List<Delivery> lane = sql.handle()
                    .createQuery("SELECT * FROM webhook_deliveries WHERE lane = :lane AND status = 'pending'"
                            + " AND position >= :position ORDER BY position LIMIT :limit")
                    .bind("lane", lane(head))
                    .bind("position", head.position())
                    .bind("limit", perLane)
                    .map(ROW)
                    .list();
            sql.handle()
                    .createUpdate("UPDATE webhook_deliveries SET lease_until_ms = :lease, leased_by = :lessee"
                            + " WHERE id IN (<ids>)")
                    .bind("lease", leaseUntilMs)
                    .bind("lessee", lessee)
                    .bindList("ids", lane.stream().map(Delivery::id).toList())
                    .execute();
            claimed.add(lane);
        }
        return claimed;
    }

    @Override
    public int releaseLeasesOf(String lessee) {
        return sql.handle()
                .createUpdate("UPDATE webhook_deliveries SET lease_until_ms = 0 WHERE leased_by = :lessee"
                        + " AND status = 'pending' AND lease_until_ms > 0")
                .bind("lessee", lessee)
                .execute();
    }

    @Override
    public void release(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sql.handle()
                .createUpdate("UPDATE webhook_deliveries SET lease_until_ms = 0 WHERE id IN (<ids>)")
                .bindList("ids", ids)
                .execute();
    }

    @Override
    public void delivered(String id) {
        sql.handle()
                .createQuery("DELETE FROM webhook_deliveries WHERE id = :id RETURNING lane")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .ifPresent(this::promoteNext);
    }

    @Override
    public void retryLater(String id, int attempts, long nextAttemptMs, String error) {
        sql.handle()
                .createUpdate("UPDATE webhook_deliveries SET attempts = :attempts, next_attempt_ms = :next,"
                        + " lease_until_ms = 0, last_error = :error WHERE id = :id")
                .bind("attempts", attempts)
                .bind("next", nextAttemptMs)
                .bind("error", error)
                .bind("id", id)
                .execute();
    }

    @Override
    public void failed(String id, int attempts, String error) {
        sql.handle()
                .createQuery("UPDATE webhook_deliveries SET status = 'failed', ready = 0, attempts = :attempts,"
                        + " lease_until_ms = 0, last_error = :error WHERE id = :id RETURNING lane")
                .bind("attempts", attempts)
                .bind("error", error)
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .ifPresent(this::promoteNext);
    }

    @Override
    public List<Delivery> listFailed(String applicationId, int limit) {
        return sql.handle()
                .createQuery("SELECT * FROM webhook_deliveries WHERE status = 'failed'"
                        + (applicationId == null ? "" : " AND application_id = :app")
                        + " ORDER BY created_ms, position LIMIT :limit")
                .bind("app", applicationId)
                .bind("limit", limit)
                .map(ROW)
                .list();
    }

    @Override
    public int redeliver(List<String> ids, long nowMs) {
        List<Delivery> failed = ids.isEmpty()
                ? listFailed(null, Integer.MAX_VALUE)
                : sql.handle()
                        .createQuery("SELECT * FROM webhook_deliveries WHERE status = 'failed' AND id IN (<ids>)")
                        .bindList("ids", ids)
                        .map(ROW)
                        .list();
        for (Delivery d : failed) {
            sql.handle()
                    .createUpdate("UPDATE webhook_deliveries SET status = 'pending', ready = 0, attempts = 0,"
                            + " next_attempt_ms = :now, created_ms = :now, lease_until_ms = 0 WHERE id = :id")
                    .bind("now", nowMs)
                    .bind("id", d.id())
                    .execute();
            // Back in its lane: the head if the lane was idle, else the earliest waiting one goes next.
            String lane = lane(d);
            boolean headExists = sql.handle()
                    .createQuery("SELECT 1 FROM webhook_deliveries WHERE lane = :lane AND status = 'pending'"
                            + " AND ready = 1")
                    .bind("lane", lane)
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
            if (!headExists) {
                promoteNext(lane);
            }
        }
        return failed.size();
    }

    /** Makes the earliest pending delivery of the lane its head. */
    private void promoteNext(String lane) {
        sql.handle()
                .createUpdate("UPDATE webhook_deliveries SET ready = 1 WHERE id = (SELECT id FROM webhook_deliveries"
                        + " WHERE lane = :lane AND status = 'pending' ORDER BY position LIMIT 1)")
                .bind("lane", lane)
                .execute();
    }
}
