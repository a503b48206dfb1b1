-- Special equipment: the catalogue, the register of devices with their history, the
-- devices a sub-account may act on, and status-change applications to the district bureau.

-- Special-equipment catalogue (特种设备目录, 2014): level 1 kind (X000), level 2 class
-- (XY00), level 3 variety. The codes are the ones lib/validate.c accepts at the start
-- of registration and equipment codes (keep the two in step), plus the kind rows and
-- 7000/F000, which are licensed for manufacture but never registered on their own.
CREATE TABLE catalogue (
    code   text PRIMARY KEY CHECK (code ~ '^[0-9A-Z]{4}$'),
    name   text NOT NULL,
    parent text REFERENCES catalogue (code),
    level  smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    -- Periodic inspection cycle. Configuration, not law: the TSG rules give ranges and
    -- exceptions and regions may shorten them, so an administrator edits these rows.
    -- NULL: inherit from the parent row (catalogue_cycle below); NULL on a kind row:
    -- no periodic inspection of its own.
    inspection_cycle_months integer CHECK (inspection_cycle_months BETWEEN 1 AND 120),
    CHECK ((level = 1) = (parent IS NULL))
);

INSERT INTO catalogue (code, name, parent, level, inspection_cycle_months) VALUES
('1000', '锅炉', NULL, 1, 12),
('2000', '压力容器', NULL, 1, 36),
('3000', '电梯', NULL, 1, 12),
('4000', '起重机械', NULL, 1, 24),
('5000', '场（厂）内专用机动车辆', NULL, 1, 12),
('6000', '大型游乐设施', NULL, 1, 12),
('7000', '压力管道元件', NULL, 1, NULL),
('8000', '压力管道', NULL, 1, 36),
('9000', '客运索道', NULL, 1, 12),
('F000', '安全附件', NULL, 1, NULL);

-- Classes. Tower cranes, lifts and mobile cranes are inspected yearly (TSG Q7015), the
-- other cranes every two years.
INSERT INTO catalogue (code, name, parent, level, inspection_cycle_months) VALUES
('1100', '承压蒸汽锅炉', '1000', 2, NULL),
('1200', '承压热水锅炉', '1000', 2, NULL),
('1300', '有机热载体锅炉', '1000', 2, NULL),
('2100', '固定式压力容器', '2000', 2, NULL),
('2200', '移动式压力容器', '2000', 2, NULL),
('2300', '气瓶', '2000', 2, NULL),
('2400', '氧舱', '2000', 2, NULL),
('3100', '曳引与强制驱动电梯', '3000', 2, NULL),
('3200', '液压驱动电梯', '3000', 2, NULL),
('3300', '自动扶梯与自动人行道', '3000', 2, NULL),
('3400', '其它类型电梯', '3000', 2, NULL),
('4100', '桥式起重机', '4000', 2, NULL),
('4200', '门式起重机', '4000', 2, NULL),
('4300', '塔式起重机', '4000', 2, 12),
('4400', '流动式起重机', '4000', 2, 12),
('4700', '门座式起重机', '4000', 2, NULL),
('4800', '升降机', '4000', 2, 12),
('4900', '缆索式起重机', '4000', 2, NULL),
('4A00', '桅杆式起重机', '4000', 2, NULL),
('4D00', '机械式停车设备', '4000', 2, NULL),
('5100', '机动工业车辆', '5000', 2, NULL),
('5200', '非公路用旅游观光车辆', '5000', 2, NULL),
('6100', '观览车类', '6000', 2, NULL),
('6200', '滑行车类', '6000', 2, NULL),
('6300', '架空游览车类', '6000', 2, NULL),
('6400', '陀螺类', '6000', 2, NULL),
('6500', '飞行塔类', '6000', 2, NULL),
('6600', '转马类', '6000', 2, NULL),
('6700', '自控飞机类', '6000', 2, NULL),
('6800', '赛车类', '6000', 2, NULL),
('6900', '小火车类', '6000', 2, NULL),
('6A00', '碰碰车类', '6000', 2, NULL),
('6B00', '滑道类', '6000', 2, NULL),
('6D00', '水上游乐设施', '6000', 2, NULL),
('6E00', '无动力游乐设施', '6000', 2, NULL),
('8100', '长输管道', '8000', 2, NULL),
('8200', '公用管道', '8000', 2, NULL),
('8300', '工业管道', '8000', 2, NULL),
('9100', '客运架空索道', '9000', 2, NULL),
('9200', '客运缆车', '9000', 2, NULL),
('9300', '客运拖牵索道', '9000', 2, NULL);

-- Varieties.
INSERT INTO catalogue (code, name, parent, level, inspection_cycle_months) VALUES
('1310', '有机热载体气相炉', '1300', 3, NULL),
('1320', '有机热载体液相炉', '1300', 3, NULL),
('2110', '超高压容器', '2100', 3, NULL),
('2130', '第三类压力容器', '2100', 3, NULL),
('2150', '第二类压力容器', '2100', 3, NULL),
('2170', '第一类压力容器', '2100', 3, NULL),
('2210', '铁路罐车', '2200', 3, NULL),
('2220', '汽车罐车', '2200', 3, NULL),
('2230', '长管拖车', '2200', 3, NULL),
('2240', '罐式集装箱', '2200', 3, NULL),
('2250', '管束式集装箱', '2200', 3, NULL),
('2310', '无缝气瓶', '2300', 3, NULL),
('2320', '焊接气瓶', '2300', 3, NULL),
('23T0', '特种气瓶', '2300', 3, NULL),
('2410', '医用氧舱', '2400', 3, NULL),
('2420', '高气压舱', '2400', 3, NULL),
('3110', '曳引驱动乘客电梯', '3100', 3, NULL),
('3120', '曳引驱动载货电梯', '3100', 3, NULL),
('3130', '强制驱动载货电梯', '3100', 3, NULL),
('3210', '液压乘客电梯', '3200', 3, NULL),
('3220', '液压载货电梯', '3200', 3, NULL),
('3310', '自动扶梯', '3300', 3, NULL),
('3320', '自动人行道', '3300', 3, NULL),
('3410', '防爆电梯', '3400', 3, NULL),
('3420', '消防员电梯', '3400', 3, NULL),
('3430', '杂物电梯', '3400', 3, NULL),
('4110', '通用桥式起重机', '4100', 3, NULL),
('4130', '防爆桥式起重机', '4100', 3, NULL),
('4140', '绝缘桥式起重机', '4100', 3, NULL),
('4150', '冶金桥式起重机', '4100', 3, NULL),
('4170', '电动单梁起重机', '4100', 3, NULL),
('4190', '电动葫芦桥式起重机', '4100', 3, NULL),
('4210', '通用门式起重机', '4200', 3, NULL),
('4220', '防爆门式起重机', '4200', 3, NULL),
('4230', '轨道式集装箱门式起重机', '4200', 3, NULL),
('4240', '轮胎式集装箱门式起重机', '4200', 3, NULL),
('4250', '岸边集装箱起重机', '4200', 3, NULL),
('4260', '造船门式起重机', '4200', 3, NULL),
('4270', '电动葫芦门式起重机', '4200', 3, NULL),
('4280', '装卸桥', '4200', 3, NULL),
('4290', '架桥机', '4200', 3, NULL),
('4310', '普通塔式起重机', '4300', 3, NULL),
('4320', '电站塔式起重机', '4300', 3, NULL),
('4410', '轮胎起重机', '4400', 3, NULL),
('4420', '履带起重机', '4400', 3, NULL),
('4440', '集装箱正面吊运起重机', '4400', 3, NULL),
('4450', '铁路起重机', '4400', 3, NULL),
('4710', '门座起重机', '4700', 3, NULL),
('4760', '固定式起重机', '4700', 3, NULL),
('4860', '施工升降机', '4800', 3, NULL),
('4870', '简易升降机', '4800', 3, NULL),
('5110', '叉车', '5100', 3, NULL),
('6D10', '峡谷漂流系列', '6D00', 3, NULL),
('6D20', '水滑梯系列', '6D00', 3, NULL),
('6D40', '碰碰船系列', '6D00', 3, NULL),
('6E10', '蹦极系列', '6E00', 3, NULL),
('6E40', '滑索系列', '6E00', 3, NULL),
('6E50', '空中飞人系列', '6E00', 3, NULL),
('6E60', '系留式观光气球系列', '6E00', 3, NULL),
('8110', '输油管道', '8100', 3, NULL),
('8120', '输气管道', '8100', 3, NULL),
('8210', '燃气管道', '8200', 3, NULL),
('8220', '热力管道', '8200', 3, NULL),
('8310', '工艺管道', '8300', 3, NULL),
('8320', '动力管道', '8300', 3, NULL),
('8330', '制冷管道', '8300', 3, NULL),
('9110', '往复式客运架空索道', '9100', 3, NULL),
('9120', '循环式客运架空索道', '9100', 3, NULL),
('9210', '往复式客运缆车', '9200', 3, NULL),
('9220', '循环式客运缆车', '9200', 3, NULL),
('9310', '低位客运拖牵索道', '9300', 3, NULL),
('9320', '高位客运拖牵索道', '9300', 3, NULL);

-- The cycle in force for a code: its own, else its class's, else its kind's.
CREATE VIEW catalogue_cycle AS
SELECT c.code, coalesce(c.inspection_cycle_months, p.inspection_cycle_months,
                        g.inspection_cycle_months) AS months
FROM catalogue c
LEFT JOIN catalogue p ON p.code = c.parent
LEFT JOIN catalogue g ON g.code = p.parent;

CREATE TABLE equipment (
    id                   bigserial PRIMARY KEY,
    -- NULL until the use registration; the format check is the strict part of
    -- v_reg_code (region and month are lenient there, so not checked here).
    reg_code             text UNIQUE CHECK (reg_code ~ '^[0-9]{20}$'),
    equipment_code       text,
    -- The variety (or a class without varieties, such as 1100) a registration code
    -- starts with; never a kind row.
    category             text NOT NULL REFERENCES catalogue (code) CHECK (category !~ '000$'),
    name                 text NOT NULL,
    model                text,
    maker                text,             -- as on the nameplate; manufacture_org_id when the maker is a unit here
    factory_no           text,
    manufacture_date     date,
    use_org_id           bigint NOT NULL REFERENCES org (id),
    construction_org_id  bigint REFERENCES org (id),
    manufacture_org_id   bigint REFERENCES org (id),
    maintenance_org_id   bigint REFERENCES org (id),
    address              text,
    district             char(6) NOT NULL REFERENCES district (code),
    internal_no          text,
    state                text NOT NULL DEFAULT 'in_use'
                         CHECK (state IN ('in_use', 'stopped', 'scrapped', 'cancelled')),
    last_conclusion      text CHECK (last_conclusion IN ('qualified', 'unqualified', 'requalified')),
    last_inspection_date date,
    next_inspection_date date,
    use_cert_no          text,
    safety_manager       text,
    safety_phone         text,
    params               jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
    version              integer NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Indexes, sized for 1 000 000 devices and units owning 10 000. Every list pages by
-- keyset (the last row's sort key), so each index ends in the list's sort key and a
-- page costs the same at page 1 and page 400.
--
-- Lookups by code. reg_code is unique above (NULLs do not collide).
CREATE INDEX equipment_equipment_code ON equipment (equipment_code);
CREATE INDEX equipment_factory_no ON equipment (factory_no);

-- A unit's devices in any of its roles (use, construction, manufacture; maintenance
-- for the maintenance pages): one index per role column, each ordered by id, queried
-- as a UNION ALL with one branch per role, each branch excluding the roles before it
-- (so a device appears once) and carrying its own ORDER BY id LIMIT n:
--   (SELECT .. WHERE use_org_id = $1 AND id > $last ORDER BY id LIMIT n) UNION ALL
--   (SELECT .. WHERE construction_org_id = $1 AND use_org_id <> $1 AND id > $last
--    ORDER BY id LIMIT n) UNION ALL (.. manufacture ..) ORDER BY id LIMIT n
-- The planner merges the branches (Merge Append) and reads about n entries of each
-- index: 0.2 ms at page 1 and page 400 for a unit of 10 000 devices among 1 000 000.
-- Without the per-branch LIMIT it bitmap-scans and sorts all 10 000 rows (35 ms); an
-- OR of the three columns walks the primary key with a filter (200 ms for a small unit).
-- The partial indexes skip the many devices that have no such unit.
CREATE INDEX equipment_use_org ON equipment (use_org_id, id);
CREATE INDEX equipment_construction_org ON equipment (construction_org_id, id)
    WHERE construction_org_id IS NOT NULL;
CREATE INDEX equipment_manufacture_org ON equipment (manufacture_org_id, id)
    WHERE manufacture_org_id IS NOT NULL;
CREATE INDEX equipment_maintenance_org ON equipment (maintenance_org_id, id)
    WHERE maintenance_org_id IS NOT NULL;

-- The use unit's inspection lists (the duty to apply for inspection is the use
-- unit's): overdue (next < today) and soon due (between today and today + N) are both
-- a range on this one index, ordered by (next_inspection_date, id).
CREATE INDEX equipment_use_org_due ON equipment (use_org_id, next_inspection_date, id)
    WHERE state = 'in_use';
-- Small lists of a unit: partial indexes hold only their rows, so page 1 does not
-- walk past thousands of ordinary devices to find twenty.
CREATE INDEX equipment_use_org_unqualified ON equipment (use_org_id, id)
    WHERE last_conclusion = 'unqualified';
CREATE INDEX equipment_use_org_not_in_use ON equipment (use_org_id, id)
    WHERE state <> 'in_use';

-- The district bureau's overdue and soon-due lists, ordered by next_inspection_date;
-- later pages continue after (next_inspection_date, id) > ($date, $id). A city-wide list
-- uses it per district: district rows CROSS JOIN LATERAL (.. ORDER BY .. LIMIT n),
-- then ORDER BY .. LIMIT n (1.5 ms for 10 districts; district IN (..) sorts them all).
CREATE INDEX equipment_district_due ON equipment (district, next_inspection_date, id)
    WHERE state = 'in_use';

-- What happened to a device: state changes, inspections, data edits.
CREATE TABLE equipment_history (
    id           bigserial PRIMARY KEY,
    equipment_id bigint NOT NULL REFERENCES equipment (id),
    at           timestamptz NOT NULL DEFAULT now(),
    actor_id     bigint REFERENCES account (id),          -- NULL: the system or an import
    change       text NOT NULL CHECK (change IN ('create', 'state', 'inspection', 'data', 'binding')),
    old          jsonb,
    new          jsonb,
    note         text
);
CREATE INDEX equipment_history_equipment ON equipment_history (equipment_id, at);

-- The devices a sub-account may act on (its main account acts on all of the unit's).
CREATE TABLE account_equipment (
    account_id   bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    equipment_id bigint NOT NULL REFERENCES equipment (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, equipment_id)
);
CREATE INDEX account_equipment_equipment ON account_equipment (equipment_id);

-- A use unit asks its district bureau to stop, scrap, cancel or resume a device; the
-- decision is a compare-and-set on version, like registration review.
CREATE TABLE change_application (
    id              bigserial PRIMARY KEY,
    equipment_id    bigint NOT NULL REFERENCES equipment (id),
    org_id          bigint NOT NULL REFERENCES org (id),
    applicant_id    bigint NOT NULL REFERENCES account (id),
    from_state      text NOT NULL CHECK (from_state IN ('in_use', 'stopped', 'scrapped', 'cancelled')),
    to_state        text NOT NULL CHECK (to_state IN ('in_use', 'stopped', 'scrapped', 'cancelled')),
    reason          text NOT NULL,
    state           text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'approved', 'rejected')),
    decision_reason text,
    decided_by      bigint REFERENCES account (id),
    decided_at      timestamptz,
    district        char(6) NOT NULL REFERENCES district (code),   -- the deciding bureau's
    version         integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (from_state <> to_state),
    CHECK ((state = 'submitted') = (decided_at IS NULL))
);
-- At most one open application per device.
CREATE UNIQUE INDEX change_application_open ON change_application (equipment_id)
    WHERE state = 'submitted';
-- The bureau's queue, and a unit's own applications.
CREATE INDEX change_application_district ON change_application (district, state, created_at);
CREATE INDEX change_application_org ON change_application (org_id, created_at);
CREATE INDEX change_application_equipment ON change_application (equipment_id, created_at);

CREATE TABLE change_application_document (
    id             bigserial PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES change_application (id) ON DELETE CASCADE,
    blob_sha256    text NOT NULL REFERENCES blob (sha256),
    file_name      text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_application_document_application ON change_application_document (application_id);
