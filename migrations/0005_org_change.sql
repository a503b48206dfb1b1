-- Changes of a certified unit's name or credit code go back to review; the approved
-- values stay in force until the change is approved.
CREATE TABLE org_change (
    id              bigserial PRIMARY KEY,
    org_id          bigint NOT NULL REFERENCES org (id),
    requested_by    bigint NOT NULL REFERENCES account (id),
    old_name        text NOT NULL,
    new_name        text NOT NULL,
    old_credit_code char(18),
    new_credit_code char(18) NOT NULL,
    state           text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'approved', 'rejected')),
    decision_reason text,
    decided_by      bigint REFERENCES account (id),
    decided_at      timestamptz,
    version         integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now()
);
-- At most one open change per unit.
CREATE UNIQUE INDEX org_change_open ON org_change (org_id) WHERE state = 'submitted';
CREATE INDEX org_change_state ON org_change (state, created_at);
