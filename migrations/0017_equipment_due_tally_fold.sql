-- 0017_equipment_due_tally_fold.sql — the due tallies of 0013 folded: the rows of dates
-- before yesterday are summed into one row per unit and per district, dated -infinity.
-- An overdue total is then one index range of the daily tally ("due < today": the folded
-- row, yesterday, and the rows of any changes since the last fold) instead of 0015's two
-- ranges over two tables (past months, this month's past days). Both ranges and their
-- ~25 rows cost PostgreSQL ~137 000 instructions of a county bureau's page; one range
-- of 2 rows costs ~46 000 (bench/RESULTS.md, round 8).
--
-- The fold is a cache compaction, not a correction: every row holds a signed count, a
-- change to a device whose date was folded adds a row at that date (possibly negative),
-- and a sum over any range that starts before yesterday is the same before and after a
-- fold. Without folds (tejianctl fold-tallies, daily: deploy/tejian-fold.timer) totals
-- stay right and only grow slower, a row per date, as they were before 0015.
--
-- Yesterday is kept: a statement whose current_date is still yesterday (it began before
-- midnight) sums "due < yesterday", which must not include the folded yesterday.

-- No device changes while the month tables go: a writer still running 0015's function
-- would write into them.
LOCK TABLE equipment IN SHARE MODE;

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
$$;

DROP TABLE equipment_due_tally_org_month, equipment_due_tally_district_month;

-- Folds the rows dated before `before` (and after -infinity) into the -infinity rows;
-- returns how many rows it removed. The rows are locked in key order, as the triggers
-- lock theirs (equipment_due_tally_apply), the unit table before the district one: a
-- fold and a device change wait for each other, never deadlock. A trigger never writes
-- a -infinity row, so those are locked by the fold alone.
CREATE FUNCTION equipment_due_tally_fold(before date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    by_org bigint;
    by_district bigint;
BEGIN
    IF before IS NULL OR before = '-infinity' THEN
        RETURN 0;
    END IF;
    WITH locked AS (
        SELECT org_id, due FROM equipment_due_tally_org
         WHERE due > '-infinity' AND due < before ORDER BY org_id, due FOR UPDATE),
    gone AS (
        DELETE FROM equipment_due_tally_org t USING locked l
         WHERE t.org_id = l.org_id AND t.due = l.due RETURNING t.org_id, t.n),
    kept AS (
        INSERT INTO equipment_due_tally_org AS t (org_id, due, n)
        SELECT org_id, '-infinity', sum(n) FROM gone GROUP BY org_id ORDER BY org_id
        ON CONFLICT (org_id, due) DO UPDATE SET n = t.n + excluded.n)
    SELECT count(*) INTO by_org FROM gone;
    WITH locked AS (
        SELECT district, due FROM equipment_due_tally_district
         WHERE due > '-infinity' AND due < before ORDER BY district, due FOR UPDATE),
    gone AS (
        DELETE FROM equipment_due_tally_district t USING locked l
         WHERE t.district = l.district AND t.due = l.due RETURNING t.district, t.n),
    kept AS (
        INSERT INTO equipment_due_tally_district AS t (district, due, n)
        SELECT district, '-infinity', sum(n) FROM gone GROUP BY district ORDER BY district
        ON CONFLICT (district, due) DO UPDATE SET n = t.n + excluded.n)
    SELECT count(*) INTO by_district FROM gone;
    RETURN by_org + by_district;
END $$;

SELECT equipment_due_tally_fold(current_date - 1);
