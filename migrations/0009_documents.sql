-- Documents of a completed inspection (检验报告, 检验意见通知书, 设备标签) and the
-- pickup voucher (报告领取凭证): generated once when issued, signed where the seed asks
-- for a seal, stored as a blob and served as downloads; payments of fee orders at the
-- agency's counter. The moves are WF_DOCUMENT and WF_FEE_ORDER in lib/workflow.c.

CREATE SEQUENCE pickup_voucher_serial;

CREATE TABLE document (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('report', 'notice', 'label', 'voucher')),
    -- The owner: the report (report, label, and the notice's report), the notice.
    report_id    bigint REFERENCES inspection_report (id),
    notice_id    bigint REFERENCES inspection_notice (id),
    -- A voucher: its number, the account that asked for it and the reports it lists.
    voucher_no   text UNIQUE,
    account_id   bigint REFERENCES account (id),
    report_ids   bigint[],
    version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    state        text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'superseded', 'revoked')),
    state_reason text,                                    -- revoked: why (required)
    state_actor  bigint REFERENCES account (id),
    state_at     timestamptz,
    row_version  integer NOT NULL DEFAULT 0,              -- bumped by every move (compare-and-set)
    blob_sha256  text NOT NULL REFERENCES blob (sha256),  -- the bytes as issued (signed)
    sha256       bytea NOT NULL CHECK (length(sha256) = 32),
    file_name    text NOT NULL,
    -- The public verification URL is <public_url>/verify/<token>: 128 random bits, hex.
    token        text NOT NULL UNIQUE CHECK (token ~ '^[0-9a-f]{32}$'),
    issued_by    bigint REFERENCES account (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'voucher' OR report_id IS NOT NULL),
    CHECK ((kind = 'notice') = (notice_id IS NOT NULL)),
    CHECK ((kind = 'voucher') = (voucher_no IS NOT NULL)),
    CHECK (state <> 'revoked' OR (state_reason IS NOT NULL AND state_reason <> ''))
);
-- One issued document of a kind per report (notice: per notice); the older versions
-- stay as superseded or revoked.
CREATE UNIQUE INDEX document_one_issued ON document (kind, report_id) WHERE state = 'issued' AND kind <> 'voucher';
CREATE UNIQUE INDEX document_version ON document (kind, report_id, version) WHERE kind <> 'voucher';
CREATE INDEX document_sha256 ON document (sha256);
CREATE INDEX document_voucher_account ON document (account_id, id) WHERE kind = 'voucher';

-- Fee orders move unpaid → paid through WF_FEE_ORDER (compare-and-set on version).
ALTER TABLE fee_order ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE fee_order ADD COLUMN paid_at timestamptz;

CREATE TABLE payment (
    id           bigserial PRIMARY KEY,
    fee_order_id bigint NOT NULL UNIQUE REFERENCES fee_order (id),
    amount_fen   bigint NOT NULL CHECK (amount_fen > 0),
    method       text NOT NULL CHECK (method IN ('cash', 'transfer', 'pos')),
    receipt_no   text NOT NULL CHECK (length(receipt_no) BETWEEN 1 AND 40),
    cashier_id   bigint NOT NULL REFERENCES account (id),
    paid_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX payment_receipt ON payment (receipt_no);

-- Arrears applications (欠费申请): a certified unit asks to get its documents before
-- paying the listed fee orders, with a reason and the date it promises to pay; the
-- agency of the region approves or rejects (with a reason). WF_ARREARS in lib/workflow.c.
CREATE TABLE arrears_application (
    id             bigserial PRIMARY KEY,
    org_id         bigint NOT NULL REFERENCES org (id),
    applicant_id   bigint NOT NULL REFERENCES account (id),
    district       char(6) NOT NULL REFERENCES district (code),   -- routes it to the agency of agency_region(district)
    fee_order_ids  bigint[] NOT NULL CHECK (cardinality(fee_order_ids) BETWEEN 1 AND 100),
    reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    promised_date  date NOT NULL,
    state          text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'approved', 'rejected')),
    reject_reason  text,
    decided_by     bigint REFERENCES account (id),
    decided_at     timestamptz,
    version        integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (state <> 'rejected' OR (reject_reason IS NOT NULL AND reject_reason <> ''))
);
CREATE INDEX arrears_application_org ON arrears_application (org_id, id);
CREATE INDEX arrears_application_queue ON arrears_application (state, district, id);
CREATE INDEX arrears_application_orders ON arrears_application USING gin (fee_order_ids) WHERE state = 'approved';

-- Rectification of an unqualified notice (整改): the non-conforming items the agency
-- entered at completion, numbered; the unit uploads evidence per item and submits; the
-- agency accepts (the device's last conclusion becomes requalified 复检合格) or returns
-- it with a reason. WF_RECTIFICATION in lib/workflow.c. One rectification per notice.
CREATE TABLE notice_item (
    id        bigserial PRIMARY KEY,
    notice_id bigint NOT NULL REFERENCES inspection_notice (id),
    no        integer NOT NULL CHECK (no >= 1),
    text      text NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
    UNIQUE (notice_id, no)
);

CREATE TABLE rectification (
    id            bigserial PRIMARY KEY,
    notice_id     bigint NOT NULL UNIQUE REFERENCES inspection_notice (id),
    state         text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
    return_reason text,
    version       integer NOT NULL DEFAULT 0,
    submitted_by  bigint REFERENCES account (id),
    submitted_at  timestamptz,
    decided_by    bigint REFERENCES account (id),
    decided_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (state <> 'returned' OR (return_reason IS NOT NULL AND return_reason <> ''))
);
CREATE INDEX rectification_queue ON rectification (state, id);

CREATE TABLE rectification_file (
    id               bigserial PRIMARY KEY,
    rectification_id bigint NOT NULL REFERENCES rectification (id),
    notice_item_id   bigint NOT NULL REFERENCES notice_item (id),
    blob_sha256      text NOT NULL REFERENCES blob (sha256),
    file_name        text NOT NULL,
    uploaded_by      bigint NOT NULL REFERENCES account (id),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectification_file_rect ON rectification_file (rectification_id, notice_item_id);
