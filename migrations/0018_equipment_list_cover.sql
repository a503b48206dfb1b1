-- 0018_equipment_list_cover.sql — the four busiest lists read from their index alone.
-- A unit's devices and a district's devices, all of them or those in use by next date
-- (the overdue and soon-due lists), now carry the columns their list pages show
-- (lib/equipment_query.c, EQ_COLS_LIST). The page is an index-only scan: no visit of
-- the table for its 21 rows, and PostgreSQL 15 checks the keys of every tuple on the
-- first leaf page it reads, of which a wide tuple leaves ~45 instead of ~250. A county
-- bureau's overdue page went from ~268 000 to ~184 000 PostgreSQL instructions and a
-- unit's page 1 from ~209 000 to ~159 000 (bench/RESULTS.md, round 8).
--
-- The cost: the four indexes take about four times the space of their keys alone
-- (640 MB against 155 MB at 1 000 000 devices, a table of 527 MB), and an edit
-- of a shown column (name, address, state...) is no longer a HOT update. Those columns
-- change seldom; the dates that inspections move were indexed already. A page whose
-- rows changed since the last vacuum is read from the table as before (the visibility
-- map), so a busy table is never slower than without these.
DROP INDEX equipment_use_org;
CREATE INDEX equipment_use_org ON equipment (use_org_id, id)
    INCLUDE (reg_code, name, category, address, state, next_inspection_date);
DROP INDEX equipment_use_org_due;
CREATE INDEX equipment_use_org_due ON equipment (use_org_id, next_inspection_date, id)
    INCLUDE (reg_code, name, category, address) WHERE state = 'in_use';
DROP INDEX equipment_district;
CREATE INDEX equipment_district ON equipment (district, id)
    INCLUDE (reg_code, name, category, address, state, next_inspection_date, use_org_name);
DROP INDEX equipment_district_due;
CREATE INDEX equipment_district_due ON equipment (district, next_inspection_date, id)
    INCLUDE (reg_code, name, category, address, use_org_name) WHERE state = 'in_use';
