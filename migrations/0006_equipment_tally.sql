-- Counts of devices per unit and per district, kept by statement triggers, so the
-- overview never counts a unit's 10 000 devices (or a district's 50 000) per request;
-- and the set of districts a bureau answers for.

-- A district and every division below it (a city bureau answers for its counties).
CREATE FUNCTION district_within(root char(6)) RETURNS SETOF char(6)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE d(code) AS (
        SELECT code FROM district WHERE code = root
        UNION ALL
        SELECT c.code FROM district c JOIN d ON c.parent = d.code)
    SELECT code FROM d
$$;

-- Devices per use unit and per district, by category (variety code) and state.
CREATE TABLE equipment_tally_org (
    org_id   bigint NOT NULL REFERENCES org (id),
    category text NOT NULL,
    state    text NOT NULL,
    n        integer NOT NULL,   -- no CHECK (n >= 0): a negative delta is checked as an insert row first
    PRIMARY KEY (org_id, category, state)
);
CREATE TABLE equipment_tally_district (
    district char(6) NOT NULL,
    category text NOT NULL,
    state    text NOT NULL,
    n        integer NOT NULL,   -- no CHECK (n >= 0): a negative delta is checked as an insert row first
    PRIMARY KEY (district, category, state)
);

-- One aggregate per statement (a COPY of a million rows is one statement), applied as
-- signed deltas; rows are locked in key order so concurrent statements cannot deadlock.
CREATE FUNCTION equipment_tally_apply(delta_rows jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO equipment_tally_org AS t (org_id, category, state, n)
    SELECT (x->>'org_id')::bigint, x->>'category', x->>'state', sum((x->>'d')::int)
    FROM jsonb_array_elements(delta_rows) x
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (org_id, category, state) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO equipment_tally_district AS t (district, category, state, n)
    SELECT x->>'district', x->>'category', x->>'state', sum((x->>'d')::int)
    FROM jsonb_array_elements(delta_rows) x
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (district, category, state) DO UPDATE SET n = t.n + excluded.n;
$$;

CREATE FUNCTION equipment_tally_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM equipment_tally_apply(coalesce((
        SELECT jsonb_agg(jsonb_build_object('org_id', use_org_id, 'district', district,
                                            'category', category, 'state', state, 'd', n))
        FROM (SELECT use_org_id, district, category, state, count(*) AS n
              FROM new_rows GROUP BY 1, 2, 3, 4) g), '[]'));
    RETURN NULL;
END $$;

CREATE FUNCTION equipment_tally_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM equipment_tally_apply(coalesce((
        SELECT jsonb_agg(jsonb_build_object('org_id', use_org_id, 'district', district,
                                            'category', category, 'state', state, 'd', -n))
        FROM (SELECT use_org_id, district, category, state, count(*) AS n
              FROM old_rows GROUP BY 1, 2, 3, 4) g), '[]'));
    RETURN NULL;
END $$;

CREATE FUNCTION equipment_tally_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM equipment_tally_apply(coalesce((
        SELECT jsonb_agg(jsonb_build_object('org_id', use_org_id, 'district', district,
                                            'category', category, 'state', state, 'd', n))
        FROM (SELECT use_org_id, district, category, state, sum(d) AS n FROM (
                  SELECT use_org_id, district, category, state, 1 AS d FROM new_rows
                  UNION ALL
                  SELECT use_org_id, district, category, state, -1 FROM old_rows) u
              GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0) g), '[]'));
    RETURN NULL;
END $$;

CREATE TRIGGER equipment_tally_ins AFTER INSERT ON equipment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION equipment_tally_ins();
CREATE TRIGGER equipment_tally_del AFTER DELETE ON equipment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION equipment_tally_del();
CREATE TRIGGER equipment_tally_upd AFTER UPDATE ON equipment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION equipment_tally_upd();

-- Devices that exist before this migration.
INSERT INTO equipment_tally_org (org_id, category, state, n)
SELECT use_org_id, category, state, count(*) FROM equipment GROUP BY 1, 2, 3;
INSERT INTO equipment_tally_district (district, category, state, n)
SELECT district, category, state, count(*) FROM equipment GROUP BY 1, 2, 3;

-- A district bureau's lists page through each of its districts by one index range, as a
-- unit's do through equipment_use_org* (0004): the combined query by id, the small
-- lists through partial indexes that hold only their rows.
CREATE INDEX equipment_district ON equipment (district, id);
CREATE INDEX equipment_district_unqualified ON equipment (district, id)
    WHERE last_conclusion = 'unqualified';
CREATE INDEX equipment_district_not_in_use ON equipment (district, id)
    WHERE state <> 'in_use';
