-- Inspection applications (报检): an enterprise applies for periodic inspection or for
-- the supervision of an installation or a modification / major repair of its devices;
-- the inspection agency of the devices' region accepts or returns the application,
-- assigns inspectors and completes it with a conclusion per device. Completion writes
-- the report and notice records and a fee order per device (their documents and the
-- payment come in their own modules). The moves are WF_INSPECTION in lib/workflow.c.

-- The region an inspection agency answers for: a municipality directly under the
-- central government as a whole (Beijing, Tianjin, Shanghai, Chongqing), elsewhere
-- the prefecture-level city (Ningbo 3302, Huzhou 3305, Xinxiang 4107).
CREATE FUNCTION agency_region(code text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT CASE WHEN left(code, 2) IN ('11', '12', '31', '50') THEN left(code, 2) ELSE left(code, 4) END $$;

-- Serial numbers as shown (BJ20261121-000123): date of the first save and a sequence.
CREATE SEQUENCE inspection_serial;
CREATE SEQUENCE inspection_report_serial;
CREATE SEQUENCE inspection_notice_serial;
CREATE SEQUENCE fee_order_serial;

CREATE TABLE inspection_application (
    id                 bigserial PRIMARY KEY,
    serial_no          text NOT NULL UNIQUE,
    org_id             bigint REFERENCES org (id),            -- NULL: a non-certified account
    applicant_id       bigint NOT NULL REFERENCES account (id),
    kind               text NOT NULL CHECK (kind IN ('periodic', 'installation', 'modification')),
    state              text NOT NULL DEFAULT 'draft'
                       CHECK (state IN ('draft', 'submitted', 'in_process', 'returned', 'completed')),
    -- The devices' district (all devices of one application are in one city); routes
    -- the application to the agency of agency_region(district).
    district           char(6) NOT NULL REFERENCES district (code),
    contact            text NOT NULL DEFAULT '',
    phone              text NOT NULL DEFAULT '',
    address            text NOT NULL DEFAULT '',
    safety_accepted_at timestamptz,                           -- 检验现场环境安全确认书 read and accepted
    return_reasons     text[] NOT NULL DEFAULT '{}',          -- codes of lib/inspection.c's list
    return_note        text,
    planned_date       date,
    inspector_ids      bigint[] NOT NULL DEFAULT '{}',
    submitted_at       timestamptz,
    decided_at         timestamptz,                           -- accepted or returned
    decided_by         bigint REFERENCES account (id),
    completed_at       timestamptz,
    version            integer NOT NULL DEFAULT 0,            -- bumped by every move and assignment
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (state = 'draft' OR submitted_at IS NOT NULL)
);
-- My applications: the unit's (main account) or one account's (sub-account,
-- non-certified), by tab (state), newest first by id.
CREATE INDEX inspection_application_org ON inspection_application (org_id, state, id) WHERE org_id IS NOT NULL;
CREATE INDEX inspection_application_applicant ON inspection_application (applicant_id, state, id);
-- The agency's queue: by state within its region's districts, oldest first; kind and
-- submission date filter the same range.
CREATE INDEX inspection_application_queue ON inspection_application (state, district, id) WHERE state <> 'draft';

CREATE TABLE application_item (
    id               bigserial PRIMARY KEY,
    application_id   bigint NOT NULL REFERENCES inspection_application (id) ON DELETE CASCADE,
    equipment_id     bigint NOT NULL REFERENCES equipment (id),
    maint_unit       text NOT NULL DEFAULT '',                -- 维保单位
    maintainer       text NOT NULL DEFAULT '',                -- 维保人员
    maint_phone      text NOT NULL DEFAULT '',
    fee_estimate_fen bigint,                                  -- reference only, from fee_rule
    conclusion       text CHECK (conclusion IN ('qualified', 'unqualified', 'requalified')),
    inspection_date  date,
    next_date        date,
    fee_fen          bigint CHECK (fee_fen >= 0),
    report_no        text,
    UNIQUE (application_id, equipment_id)
);
CREATE INDEX application_item_equipment ON application_item (equipment_id);

-- Attachments: the signed commitment letter (承诺书, required for periodic inspection).
CREATE TABLE application_document (
    id             bigserial PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES inspection_application (id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('commitment', 'other')),
    blob_sha256    text NOT NULL REFERENCES blob (sha256),
    file_name      text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_document_application ON application_document (application_id);

-- Records made when an application is completed; the signed PDFs come later.
CREATE TABLE inspection_report (
    id              bigserial PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    item_id         bigint NOT NULL UNIQUE REFERENCES application_item (id),
    equipment_id    bigint NOT NULL REFERENCES equipment (id),
    conclusion      text NOT NULL CHECK (conclusion IN ('qualified', 'unqualified', 'requalified')),
    inspection_date date NOT NULL,
    next_date       date,
    fee_fen         bigint NOT NULL CHECK (fee_fen >= 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_report_equipment ON inspection_report (equipment_id, inspection_date);

CREATE TABLE inspection_notice (
    id         bigserial PRIMARY KEY,
    number     text NOT NULL UNIQUE,
    item_id    bigint NOT NULL UNIQUE REFERENCES application_item (id),
    report_id  bigint NOT NULL REFERENCES inspection_report (id),
    kind       text NOT NULL CHECK (kind IN ('qualified', 'unqualified')),
    deadline   date,                                          -- unqualified: rectify by
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fee_order (
    id         bigserial PRIMARY KEY,
    number     text NOT NULL UNIQUE,
    item_id    bigint NOT NULL UNIQUE REFERENCES application_item (id),
    org_id     bigint REFERENCES org (id),
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    state      text NOT NULL DEFAULT 'unpaid' CHECK (state IN ('unpaid', 'paid', 'cancelled')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fee_order_org ON fee_order (org_id, state, id);

-- Reference fees (DOMAIN.md "Fees"): per region (district prefix) × category
-- (catalogue code prefix) × kind, a base price and surcharges: per floor above
-- free_floors (params.floors), and per started band_step of a parameter above
-- band_free (e.g. rated lifting tonnage, evaporation, power). The most specific rule
-- wins: longest region, then longest category prefix.
CREATE TABLE fee_rule (
    id            bigserial PRIMARY KEY,
    region        text NOT NULL CHECK (region ~ '^[0-9]{2,6}$'),
    category      text NOT NULL CHECK (category ~ '^[0-9A-Z]{0,4}$'),
    kind          text NOT NULL CHECK (kind IN ('periodic', 'installation', 'modification')),
    base_fen      bigint NOT NULL CHECK (base_fen >= 0),
    free_floors   integer NOT NULL DEFAULT 6,
    per_floor_fen bigint NOT NULL DEFAULT 0 CHECK (per_floor_fen >= 0),
    band_param    text,                                       -- params key, NULL: none
    band_label    text,
    band_free     numeric NOT NULL DEFAULT 0,
    band_step     numeric NOT NULL DEFAULT 1 CHECK (band_step > 0),
    band_fen      bigint NOT NULL DEFAULT 0 CHECK (band_fen >= 0),
    UNIQUE (region, category, kind)
);

-- Seeded figures: a base table for Tianjin, scaled per region and kind (installation
-- and modification supervision cost more than a periodic inspection).
INSERT INTO fee_rule (region, category, kind, base_fen, free_floors, per_floor_fen, band_param, band_label,
                      band_free, band_step, band_fen)
SELECT r.region, c.category, k.kind,
       round(c.base_fen * r.factor * k.factor / 100) * 100,
       6, round(c.per_floor_fen * r.factor * k.factor / 100) * 100,
       c.band_param, c.band_label, c.band_free, c.band_step,
       round(c.band_fen * r.factor * k.factor / 100) * 100
FROM (VALUES ('12', 1.00), ('3302', 1.05), ('3305', 0.95), ('4107', 0.85)) AS r (region, factor)
CROSS JOIN (VALUES ('periodic', 1.0), ('installation', 2.2), ('modification', 1.6)) AS k (kind, factor)
CROSS JOIN (VALUES
    -- category, base, per floor above 6, band parameter, label, free, step, per band (fen)
    ('31', 60000, 3000, NULL, NULL, 0, 1, 0),                                    -- 曳引与强制驱动电梯
    ('32', 55000, 3000, NULL, NULL, 0, 1, 0),                                    -- 液压电梯
    ('33', 50000, 0, 'rise_m', '提升高度（米）', 6, 1, 2000),                    -- 自动扶梯与人行道
    ('34', 40000, 2000, NULL, NULL, 0, 1, 0),                                    -- 其它电梯
    ('3', 55000, 3000, NULL, NULL, 0, 1, 0),                                     -- 电梯（其它）
    ('41', 80000, 0, 'rated_lifting_t', '额定起重量（吨）', 5, 5, 10000),        -- 桥式起重机
    ('42', 90000, 0, 'rated_lifting_t', '额定起重量（吨）', 5, 5, 10000),        -- 门式起重机
    ('43', 120000, 0, 'rated_lifting_t', '额定起重量（吨）', 6, 2, 10000),       -- 塔式起重机
    ('48', 70000, 0, 'lifting_height_m', '提升高度（米）', 50, 10, 5000),        -- 升降机
    ('4', 80000, 0, 'rated_lifting_t', '额定起重量（吨）', 5, 5, 10000),         -- 起重机械（其它）
    ('11', 100000, 0, 'rated_evaporation_th', '额定蒸发量（吨/小时）', 1, 1, 30000), -- 承压蒸汽锅炉
    ('12', 100000, 0, 'rated_power_mw', '额定热功率（兆瓦）', 0.7, 0.7, 30000),  -- 承压热水锅炉
    ('1', 100000, 0, NULL, NULL, 0, 1, 0),                                       -- 锅炉（其它）
    ('2', 40000, 0, 'volume_m3', '容积（立方米）', 5, 5, 5000),                  -- 压力容器
    ('5', 30000, 0, NULL, NULL, 0, 1, 0),                                        -- 场（厂）内专用机动车辆
    ('6', 150000, 0, NULL, NULL, 0, 1, 0),                                       -- 大型游乐设施
    ('8', 80000, 0, NULL, NULL, 0, 1, 0),                                        -- 压力管道
    ('9', 300000, 0, NULL, NULL, 0, 1, 0),                                       -- 客运索道
    ('', 50000, 0, NULL, NULL, 0, 1, 0)                                          -- any other category
) AS c (category, base_fen, per_floor_fen, band_param, band_label, band_free, band_step, band_fen);
