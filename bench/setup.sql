-- bench/setup.sql — the benchmark's viewers on the scale data (bench/bench.sh runs it with
-- psql after `tejianctl seed --scale`). Idempotent. Prints key=value lines:
--   unit_token, bureau_token  session cookies (tj_session) of
--     * bench_unit: the main account of the scale unit with the most devices (10 000);
--     * bench_bureau_<district>: a bureau account of the district with the most devices
--       (the same org and login bench/explain.c creates);
--   device          a device of the unit, in use (equipment file page, the POST)
--   csrf            a CSRF token (cookie tj_csrf and the form's _csrf)
-- The accounts cannot sign in (their password hash is no scrypt string): the sessions are
-- inserted as lib/session.c would after a login (the token's SHA-256 hex is stored).
\set ON_ERROR_STOP 1
BEGIN;
CREATE TEMP TABLE bench_pick ON COMMIT DROP AS
SELECT (SELECT t.org_id FROM equipment_tally_org t JOIN org o ON o.id = t.org_id
         WHERE o.name LIKE '规模测试单位%' GROUP BY 1 ORDER BY sum(t.n) DESC, 1 LIMIT 1) AS unit_org,
       (SELECT t.district FROM equipment_tally_district t GROUP BY 1 ORDER BY sum(t.n) DESC, 1 LIMIT 1) AS district;

INSERT INTO org (kind, name, district, certified, state)
SELECT 'bureau', d.name || '市场监督管理局（基准）', d.code, true, 'active'
  FROM bench_pick p JOIN district d ON d.code = p.district
 WHERE NOT EXISTS (SELECT 1 FROM org WHERE kind = 'bureau' AND district = p.district);

INSERT INTO account (org_id, login, password_hash, name, roles)
SELECT (SELECT min(id) FROM org WHERE kind = 'bureau' AND district = p.district),
       'bench_bureau_' || p.district, '!bench: no login', '基准测试', '{bureau}'
  FROM bench_pick p
ON CONFLICT DO NOTHING;
INSERT INTO account (org_id, login, password_hash, name, roles)
SELECT p.unit_org, 'bench_unit', '!bench: no login', '基准测试主账号', '{ent_main}' FROM bench_pick p
ON CONFLICT DO NOTHING;
UPDATE account SET state = 'active', frozen = false, must_change_password = false
 WHERE login = 'bench_unit' OR login = (SELECT 'bench_bureau_' || district FROM bench_pick);

-- Fresh sessions each run (older bench sessions are dropped).
CREATE TEMP TABLE bench_tok ON COMMIT DROP AS
SELECT a.login, md5(random()::text) || md5(random()::text) AS token, a.id
  FROM account a, bench_pick p
 WHERE a.login IN ('bench_unit', 'bench_bureau_' || p.district);
DELETE FROM session WHERE account_id IN (SELECT id FROM bench_tok) AND user_agent = 'bench';
INSERT INTO session (token_hash, account_id, remember, expires_at, ip, user_agent)
SELECT encode(sha256(convert_to(token, 'UTF8')), 'hex'), id, true, now() + interval '1 day', '127.0.0.1', 'bench'
  FROM bench_tok;
-- Others signed in, as on a busy morning: the session check finds its row by index
-- among 20 000, not in a table of two (a scan the planner prefers there). Made once and
-- kept: 20 000 rows deleted and made again each run left as many dead ones, and the
-- autovacuum and re-planning they set off during the runs.
INSERT INTO session (token_hash, account_id, remember, expires_at, ip, user_agent)
SELECT encode(sha256(convert_to(md5(random()::text) || g, 'UTF8')), 'hex'), t.id, false, 'infinity',
       '127.0.0.1', 'bench filler'
  FROM bench_tok t, generate_series(1, 10000) g
 WHERE NOT EXISTS (SELECT 1 FROM session WHERE user_agent = 'bench filler');

SELECT 'unit_token=' || token FROM bench_tok WHERE login = 'bench_unit';
SELECT 'bureau_token=' || token FROM bench_tok WHERE login LIKE 'bench_bureau_%';
SELECT 'device=' || min(e.id) FROM equipment e, bench_pick p WHERE e.use_org_id = p.unit_org AND e.state = 'in_use';
SELECT 'csrf=' || md5(random()::text) || md5(random()::text);
COMMIT;
