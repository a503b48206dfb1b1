-- The unqualified list sorts by the last inspection date by default (lib/equipment_query.c:
-- coalesce(last_inspection_date, '-infinity'), then id), but its partial indexes (0004,
-- 0006) were ordered by id: every page read and sorted all the scope's unqualified devices
-- (a city bureau: 17 districts x ~1 200 rows, 30 ms). Ordered by the list's key, a page
-- reads about one page of each branch, as the other lists do. Counts use them as well.
CREATE INDEX equipment_use_org_unqualified_last ON equipment
    (use_org_id, coalesce(last_inspection_date, '-infinity'::date), id)
    WHERE last_conclusion = 'unqualified';
CREATE INDEX equipment_district_unqualified_last ON equipment
    (district, coalesce(last_inspection_date, '-infinity'::date), id)
    WHERE last_conclusion = 'unqualified';
DROP INDEX equipment_use_org_unqualified;
DROP INDEX equipment_district_unqualified;
