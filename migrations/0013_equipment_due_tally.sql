-- 0013_equipment_due_tally.sql — devices in use per unit and per district by their next
-- inspection date, kept by statement triggers (the pattern of 0006), so the overdue and
-- soon-due lists' totals sum at most a few hundred dates instead of counting thousands
-- of devices per request: a county bureau's overdue total (2 861 devices at 1 000 000)
-- cost ~0.5 ms of PostgreSQL per page view (bench/RESULTS.md).
CREATE TABLE equipment_due_tally_org (
    org_id bigint NOT NULL REFERENCES org (id),
    due    date NOT NULL,
    n      integer NOT NULL,   -- rows at 0 stay: a sum does not mind them
    PRIMARY KEY (org_id, due)
);
CREATE TABLE equipment_due_tally_district (
    district char(6) NOT NULL,
    due      date NOT NULL,
    n        integer NOT NULL,
    PRIMARY KEY (district, due)
);

-- Signed deltas of one statement, rows locked in key order (no deadlock between two).
CREATE FUNCTION equipment_due_tally_apply(delta_rows jsonb) RETURNS void
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

-- Only devices in use with a next date count (the lists' own condition).
CREATE FUNCTION equipment_due_tally_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM equipment_due_tally_apply(coalesce((
        SELECT jsonb_agg(jsonb_build_object('org_id', use_org_id, 'district', district, 'due', due, 'd', n))
        FROM (SELECT use_org_id, district, next_inspection_date AS due, count(*) AS n FROM new_rows
              WHERE state = 'in_use' AND next_inspection_date IS NOT NULL GROUP BY 1, 2, 3) g), '[]'));
    RETURN NULL;
END $$;

CREATE FUNCTION equipment_due_tally_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM equipment_due_tally_apply(coalesce((
        SELECT jsonb_agg(jsonb_build_object('org_id', use_org_id, 'district', district, 'due', due, 'd', -n))
        FROM (SELECT use_org_id, district, next_inspection_date AS due, count(*) AS n FROM old_rows
              WHERE state = 'in_use' AND next_inspection_date IS NOT NULL GROUP BY 1, 2, 3) g), '[]'));
    RETURN NULL;
END $$;

CREATE FUNCTION equipment_due_tally_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM equipment_due_tally_apply(coalesce((
        SELECT jsonb_agg(jsonb_build_object('org_id', use_org_id, 'district', district, 'due', due, 'd', n))
        FROM (SELECT use_org_id, district, due, sum(d) AS n FROM (
                  SELECT use_org_id, district, next_inspection_date AS due, 1 AS d FROM new_rows
                   WHERE state = 'in_use' AND next_inspection_date IS NOT NULL
                  UNION ALL
                  SELECT use_org_id, district, next_inspection_date, -1 FROM old_rows
                   WHERE state = 'in_use' AND next_inspection_date IS NOT NULL) u
              GROUP BY 1, 2, 3 HAVING sum(d) <> 0) g), '[]'));
    RETURN NULL;
END $$;

CREATE TRIGGER equipment_due_tally_ins AFTER INSERT ON equipment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION equipment_due_tally_ins();
CREATE TRIGGER equipment_due_tally_del AFTER DELETE ON equipment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION equipment_due_tally_del();
CREATE TRIGGER equipment_due_tally_upd AFTER UPDATE ON equipment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION equipment_due_tally_upd();

-- Devices that exist before this migration.
INSERT INTO equipment_due_tally_org (org_id, due, n)
SELECT use_org_id, next_inspection_date, count(*) FROM equipment
 WHERE state = 'in_use' AND next_inspection_date IS NOT NULL GROUP BY 1, 2;
INSERT INTO equipment_due_tally_district (district, due, n)
SELECT district, next_inspection_date, count(*) FROM equipment
 WHERE state = 'in_use' AND next_inspection_date IS NOT NULL GROUP BY 1, 2;
