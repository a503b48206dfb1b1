-- 0014_equipment_use_org_name.sql — the use unit's name kept on each device, so a
-- bureau's lists and the export (which show it) read it with the row: joining org cost
-- ~13 index lookups per page, 46 µs of PostgreSQL's 114 µs for a county bureau's overdue
-- page (pgbench, one client, 1 000 000 devices; bench/RESULTS.md). Triggers keep it:
-- a device gets its unit's name when it is made or moves to another unit, and a unit's
-- new name reaches its devices in the renaming transaction (org changes, lib/org.c).
ALTER TABLE equipment ADD COLUMN use_org_name text NOT NULL DEFAULT '';
UPDATE equipment e SET use_org_name = o.name FROM org o WHERE o.id = e.use_org_id;

-- Also on UPDATE OF use_org_name: the column is the unit's name, never set by hand.
CREATE FUNCTION equipment_use_org_name_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.use_org_name := coalesce((SELECT name FROM org WHERE id = NEW.use_org_id), '');
    RETURN NEW;
END $$;
CREATE TRIGGER equipment_use_org_name BEFORE INSERT OR UPDATE OF use_org_id, use_org_name ON equipment
    FOR EACH ROW EXECUTE FUNCTION equipment_use_org_name_set();

CREATE FUNCTION org_name_to_equipment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE equipment SET use_org_name = NEW.name WHERE use_org_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER org_name_to_equipment AFTER UPDATE OF name ON org
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION org_name_to_equipment();
