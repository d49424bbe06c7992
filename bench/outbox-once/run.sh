#!/usr/bin/env bash
# How the rejection notices' checks scale with the outbox: the hourly limit's count and the
# "once" lookup, on the real schema (all migrations) with ROWS deliveries, 5% of them notices.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bench/outbox-once/run.sh [ROWS]
#
# Creates and drops a scratch database (replyline_bench_outbox_once) next to DATABASE_URL's.
# Needs psql and a built checkout (npm run build).
set -euo pipefail
ROWS="${1:-1000000}"
BASE="${DATABASE_URL:?set DATABASE_URL to a Postgres the bench may create a database on}"
DB=replyline_bench_outbox_once
SCRATCH="${BASE%/*}/$DB"

psql "$BASE" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap 'psql "$BASE" -qc "DROP DATABASE IF EXISTS $DB"' EXIT
DATABASE_URL="$SCRATCH" npx typeorm migration:run -d dist/src/database/cli-data-source.js >/dev/null

psql "$SCRATCH" -q <<SQL
INSERT INTO email_deliveries (type, recipient_email, subject, text_body, html_body, status,
                              created_at, idempotency_key)
SELECT CASE WHEN g % 20 = 0 THEN 'reply_rejected' ELSE 'conversation_mention' END,
       'user' || (g % 5000) || '@example.test', 's', 't', 'h', 'SENT',
       now() - (g % 720) * interval '1 hour',
       CASE WHEN g % 20 = 0 THEN 'reply_rejected:' || g END
  FROM generate_series(1, $ROWS) g;
ANALYZE email_deliveries;
SQL

echo "== $ROWS deliveries: the hourly limit (countRecentTo) =="
psql "$SCRATCH" -c "EXPLAIN (ANALYZE, COSTS OFF)
  SELECT count(*)::int FROM email_deliveries
   WHERE type = 'reply_rejected' AND lower(recipient_email) = lower('User20@example.test')
     AND created_at > now() - 3600000 * interval '1 millisecond'"
echo "== the once lookup (findByIdempotencyKey) =="
psql "$SCRATCH" -c "EXPLAIN (ANALYZE, COSTS OFF)
  SELECT id, status FROM email_deliveries WHERE idempotency_key = 'reply_rejected:40'"
