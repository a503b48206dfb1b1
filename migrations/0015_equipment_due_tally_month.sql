-- 0015_equipment_due_tally_month.sql — the due tallies of 0013 by month as well. An
-- overdue total summed one row per past date: a county bureau's 120 dates cost
-- PostgreSQL ~245 000 instructions of the page's ~570 000 (bench/RESULTS.md), and a
-- device forgotten for years adds a row per date it fell due. Now it sums the months
-- before this one and this month's dates: a handful of rows, and at most 30 daily ones.
-- The same statement triggers keep both grains (equipment_due_tally_apply).
CREATE TABLE equipment_due_tally_org_month (
    org_id bigint NOT NULL REFERENCES org (id),
    month  date NOT NULL CHECK (extract(day FROM month) = 1),
    n      integer NOT NULL,
    PRIMARY KEY (org_id, month)
);
CREATE TABLE equipment_due_tally_district_month (
    district char(6) NOT NULL,
    month    date NOT NULL CHECK (extract(day FROM month) = 1),
    n        integer NOT NULL,
    PRIMARY KEY (district, month)
);

-- No device changes while the month rows are filled from the daily ones below: a
-- writer still running the old function would count in the days and not the months.
LOCK TABLE equipment IN SHARE MODE;

-- Signed deltas of one statement, rows locked in key order (no deadlock between two).
-- Months as timestamp without time zone: the first of the month whatever TimeZone is.
CREATE OR REPLACE FUNCTION equipment_due_tally_apply(delta_rows jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO equipment_due_tally_org AS t (org_id, due, n)
    SELECT (x->>'org_id')::bigint, (x->>'due')::date, sum((x->>'d')::int)
    FROM jsonb_array_elements(delta_rows) x
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (org_id, due) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO equipment_due_tally_district AS t (district, due, n)
    SELECT x->>'district', (x->>'due')::date, sum((x->>'d')::int)
    FROM jsonb_array_elements(delta_rows) x
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (district, due) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO equipment_due_tally_org_month AS t (org_id, month, n)
    SELECT (x->>'org_id')::bigint, date_trunc('month', (x->>'due')::timestamp)::date, sum((x->>'d')::int)
    FROM jsonb_array_elements(delta_rows) x
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (org_id, month) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO equipment_due_tally_district_month AS t (district, month, n)
    SELECT x->>'district', date_trunc('month', (x->>'due')::timestamp)::date, sum((x->>'d')::int)
    FROM jsonb_array_elements(delta_rows) x
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (district, month) DO UPDATE SET n = t.n + excluded.n;
$$;

-- In key order: a scope's months side by side on disk, read by one index scan.
INSERT INTO equipment_due_tally_org_month (org_id, month, n)
SELECT org_id, date_trunc('month', due::timestamp)::date, sum(n) FROM equipment_due_tally_org
 GROUP BY 1, 2 ORDER BY 1, 2;
INSERT INTO equipment_due_tally_district_month (district, month, n)
SELECT district, date_trunc('month', due::timestamp)::date, sum(n) FROM equipment_due_tally_district
 GROUP BY 1, 2 ORDER BY 1, 2;
