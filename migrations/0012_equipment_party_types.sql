-- 0012_equipment_party_types.sql — a device names a unit as its construction (installing)
-- or manufacturing unit only if the unit is registered as one (org.unit_types).
--
-- Why: a certified unit's combined list reads one index range per role the unit can have
-- (lib/equipment_query.c). A use-only unit — most of them — then needs one range and the
-- page comes straight from it; the merged three-range statement cost three times as much
-- in PostgreSQL (bench/RESULTS.md). That is only correct if the roles are true: enforced
-- here from both sides.

-- Existing rows: a unit recorded as a device's construction or manufacturing unit is one.
UPDATE org o SET unit_types = o.unit_types || ARRAY['construction']
 WHERE NOT ('construction' = ANY (o.unit_types))
   AND EXISTS (SELECT 1 FROM equipment e WHERE e.construction_org_id = o.id);
UPDATE org o SET unit_types = o.unit_types || ARRAY['manufacture']
 WHERE NOT ('manufacture' = ANY (o.unit_types))
   AND EXISTS (SELECT 1 FROM equipment e WHERE e.manufacture_org_id = o.id);

-- Devices: checked once per statement over the rows it wrote (a bulk import stays one
-- join, not a lookup per row).
CREATE FUNCTION equipment_party_types_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad text;
BEGIN
    SELECT o.name INTO bad FROM written w JOIN org o ON o.id = w.construction_org_id
     WHERE NOT ('construction' = ANY (o.unit_types)) LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION '单位“%”未登记为安装（施工）单位，不能作为设备的施工单位', bad
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT o.name INTO bad FROM written w JOIN org o ON o.id = w.manufacture_org_id
     WHERE NOT ('manufacture' = ANY (o.unit_types)) LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION '单位“%”未登记为制造单位，不能作为设备的制造单位', bad
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER equipment_party_types_insert AFTER INSERT ON equipment
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION equipment_party_types_check();
CREATE TRIGGER equipment_party_types_update AFTER UPDATE ON equipment
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION equipment_party_types_check();

-- Units: a role devices still name cannot be dropped.
CREATE FUNCTION org_party_types_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT ('construction' = ANY (NEW.unit_types))
       AND EXISTS (SELECT 1 FROM equipment e WHERE e.construction_org_id = NEW.id) THEN
        RAISE EXCEPTION '单位“%”仍是设备的施工单位，不能取消安装（施工）单位类型', NEW.name
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT ('manufacture' = ANY (NEW.unit_types))
       AND EXISTS (SELECT 1 FROM equipment e WHERE e.manufacture_org_id = NEW.id) THEN
        RAISE EXCEPTION '单位“%”仍是设备的制造单位，不能取消制造单位类型', NEW.name
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER org_party_types AFTER UPDATE OF unit_types ON org
    FOR EACH ROW WHEN (OLD.unit_types IS DISTINCT FROM NEW.unit_types)
    EXECUTE FUNCTION org_party_types_check();
