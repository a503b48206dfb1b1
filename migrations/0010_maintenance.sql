-- Elevator maintenance filings (维保备案, issue 8): a maintenance company files its own
-- information, its personnel and the elevators it maintains with the bureau of its
-- district. Each filing is one row with its workflow state (WF_MAINT_FILING in
-- lib/workflow_maint.c) and pointers to explicit versions: the approved version in force
-- (current_version_id) and the edited one awaiting audit (pending_version_id). The
-- archive is the current versions; the history is every approved version.

CREATE TABLE maint_filing (
    id                 bigserial PRIMARY KEY,
    kind               text NOT NULL CHECK (kind IN ('company', 'person', 'elevator')),
    org_id             bigint NOT NULL REFERENCES org (id),
    -- The bureau that audits it: the company's district at filing time.
    district           char(6) NOT NULL REFERENCES district (code),
    -- Identity within the company: the ID number of a person, the registration code of
    -- an elevator, the org id of the company's own filing (from the version shown).
    key                text NOT NULL,
    state              text NOT NULL DEFAULT 'pending_submit'
                       CHECK (state IN ('pending_submit', 'in_review', 'approved', 'returned')),
    current_version_id bigint,          -- approved version in force; NULL: never approved (新增)
    pending_version_id bigint,          -- edited version awaiting audit; NULL: none
    return_reason      text,
    equipment_id       bigint REFERENCES equipment (id),   -- elevators: the registry row
    submitted_at       timestamptz,
    version            integer NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (current_version_id IS NOT NULL OR pending_version_id IS NOT NULL),
    CHECK (state = 'approved' OR pending_version_id IS NOT NULL),
    UNIQUE (org_id, kind, key)
);
CREATE INDEX maint_filing_org ON maint_filing (org_id, kind, id);
-- A company files its own information once (then edits it).
CREATE UNIQUE INDEX maint_filing_one_company ON maint_filing (org_id) WHERE kind = 'company';
CREATE INDEX maint_filing_queue ON maint_filing (district, state, id);

CREATE TABLE maint_filing_version (
    id          bigserial PRIMARY KEY,
    filing_id   bigint NOT NULL REFERENCES maint_filing (id) ON DELETE CASCADE,
    data        jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    created_by  bigint REFERENCES account (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    approved_by bigint REFERENCES account (id),
    approved_at timestamptz
);
CREATE INDEX maint_filing_version_filing ON maint_filing_version (filing_id, id);

ALTER TABLE maint_filing
    ADD FOREIGN KEY (current_version_id) REFERENCES maint_filing_version (id) DEFERRABLE INITIALLY DEFERRED,
    ADD FOREIGN KEY (pending_version_id) REFERENCES maint_filing_version (id) DEFERRABLE INITIALLY DEFERRED;

-- Attachments of a company filing (licence, certificates, contracts).
CREATE TABLE maint_filing_document (
    id          bigserial PRIMARY KEY,
    filing_id   bigint NOT NULL REFERENCES maint_filing (id) ON DELETE CASCADE,
    blob_sha256 text NOT NULL REFERENCES blob (sha256),
    file_name   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A parsed bulk-import upload kept between the preview and the import (workers are
-- stateless): its rows with their messages, as jsonb.
CREATE TABLE maint_import (
    id          bigserial PRIMARY KEY,
    token       text NOT NULL UNIQUE,
    org_id      bigint NOT NULL REFERENCES org (id),
    account_id  bigint NOT NULL REFERENCES account (id),
    kind        text NOT NULL CHECK (kind IN ('person', 'elevator')),
    file_name   text NOT NULL,
    rows        jsonb NOT NULL,
    nrows       integer NOT NULL,
    nerrors     integer NOT NULL,
    nwarnings   integer NOT NULL,
    imported_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX maint_import_created ON maint_import (created_at);
