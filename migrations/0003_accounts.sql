-- Organisations, accounts, sessions, captchas, SMS codes, outbox, audit log and the
-- workflow history every state change writes.

CREATE TABLE org (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('enterprise', 'agency', 'bureau', 'platform')),
    name         text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
    credit_code  char(18),
    unit_types   text[] NOT NULL DEFAULT '{}'
                 CHECK (unit_types <@ ARRAY['use', 'construction', 'manufacture', 'maintenance', 'supervision']),
    province     text,
    address      text,
    legal_rep    text,
    industry     text,
    district     char(6) REFERENCES district (code),
    certified    boolean NOT NULL DEFAULT false,
    state        text NOT NULL DEFAULT 'active'
                 CHECK (state IN ('pending', 'active', 'rejected', 'disabled')),
    reject_reason text,
    version      integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
-- One certified unit per credit code while it is pending or active (a rejected
-- application does not block a corrected one).
CREATE UNIQUE INDEX org_credit_code_live ON org (credit_code)
    WHERE certified AND state IN ('pending', 'active');
CREATE INDEX org_state ON org (state, created_at);

-- Files attached to a registration (signed application, business licence).
CREATE TABLE org_document (
    id          bigserial PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('application', 'licence')),
    blob_sha256 text NOT NULL REFERENCES blob (sha256),
    file_name   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX org_document_org ON org_document (org_id);

CREATE TABLE account (
    id              bigserial PRIMARY KEY,
    org_id          bigint REFERENCES org (id),
    parent_id       bigint REFERENCES account (id),   -- sub-accounts: their main account
    login           text NOT NULL CHECK (login ~ '^[A-Za-z][A-Za-z0-9_]{3,31}$'),
    password_hash   text NOT NULL,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    mobile          text CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
    email           text,
    -- ent_main: certified unit's main account; ent_sub: its sub-account; ent_basic:
    -- non-certified account; agency_*: inspection agency staff; bureau: regulator
    -- staff of a district bureau; admin: system administrator.
    roles           text[] NOT NULL CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY[
                        'ent_main', 'ent_sub', 'ent_basic', 'agency_accept', 'agency_inspector',
                        'agency_approver', 'agency_cashier', 'bureau', 'admin']),
    state           text NOT NULL DEFAULT 'active'
                    CHECK (state IN ('pending', 'active', 'rejected', 'disabled')),
    failed_logins   integer NOT NULL DEFAULT 0,
    frozen          boolean NOT NULL DEFAULT false,
    must_change_password boolean NOT NULL DEFAULT false,
    task_types      text[] CHECK (task_types <@ ARRAY['periodic', 'installation', 'modification']),
    version         integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    last_login_at   timestamptz
);
CREATE UNIQUE INDEX account_login ON account (lower(login));
CREATE INDEX account_org ON account (org_id);
CREATE INDEX account_parent ON account (parent_id);

CREATE TABLE session (
    token_hash  char(64) PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    remember    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,     -- absolute expiry
    ip          text,
    user_agent  text
);
CREATE INDEX session_account ON session (account_id);
CREATE INDEX session_expires ON session (expires_at);

CREATE TABLE captcha (
    id          char(32) PRIMARY KEY,
    answer_hash char(64) NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX captcha_expires ON captcha (expires_at);

CREATE TABLE sms_code (
    id          bigserial PRIMARY KEY,
    mobile      text NOT NULL,
    purpose     text NOT NULL CHECK (purpose IN ('register', 'reset')),
    code_hash   char(64) NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX sms_code_mobile ON sms_code (mobile, purpose, created_at DESC);

-- Messages written in the same transaction as the event they report; delivered by
-- `tejianctl outbox` exactly once each.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    channel         text NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient       text NOT NULL,
    body            text NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE state = 'pending';

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES account (id),
    actor_login text,
    action      text NOT NULL,
    entity_kind text NOT NULL,
    entity_id   text NOT NULL,
    detail      text,
    ip          text
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id);

CREATE TABLE workflow_event (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL,
    entity_id   bigint NOT NULL,
    from_state  text,
    to_state    text NOT NULL,
    event       text NOT NULL,
    actor_id    bigint REFERENCES account (id),
    reason      text,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_event_entity ON workflow_event (kind, entity_id, at);

-- Failed logins of names that have no account, counted so that replies for unknown
-- and real names cannot be told apart.
CREATE TABLE login_failure (
    login_lower text PRIMARY KEY,
    failures    integer NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
