-- 0016_session_user.sql — what a request needs of its signed-in user, kept on the
-- session row: the session check of every request reads one row by its key instead of
-- joining the account and its unit (PostgreSQL: ~89 000 instructions per request with
-- the join, ~31 000 without; bench/RESULTS.md). Triggers keep the copy: a session gets
-- it when made, and every change of an account or a unit to what the copy holds
-- rewrites its sessions in the same transaction, so a frozen or disabled account (or
-- unit) is refused from its next request on, as before. A column added to the session
-- check must be added here, to session_user_fill and to the triggers' WHEN lists.
ALTER TABLE session
    ADD COLUMN org_id               bigint,
    ADD COLUMN parent_id            bigint,
    ADD COLUMN roles                text[] NOT NULL DEFAULT '{}',
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
    ADD COLUMN login                text NOT NULL DEFAULT '',
    ADD COLUMN name                 text NOT NULL DEFAULT '',
    ADD COLUMN task_types           text[],
    ADD COLUMN org_certified        boolean,
    ADD COLUMN org_name             text,
    ADD COLUMN org_unit_types       text[],
    ADD COLUMN org_kind             text,
    ADD COLUMN org_district         char(6),
    -- The account is active and not frozen, and its unit (if it has one) is active.
    ADD COLUMN usable               boolean NOT NULL DEFAULT false;

-- A new session first waits for any change of its account or unit in flight (FOR SHARE):
-- a sign-in racing a freeze then reads the frozen account, and a freeze committed after
-- the sign-in's read waits for it and rewrites its session. A rewrite (the triggers below)
-- is serialised with any other by the session row's own lock, and each statement here
-- reads what is committed by then.
CREATE FUNCTION session_user_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM account WHERE id = NEW.account_id FOR SHARE;
        PERFORM 1 FROM org WHERE id = (SELECT org_id FROM account WHERE id = NEW.account_id) FOR SHARE;
    END IF;
    SELECT a.org_id, a.parent_id, a.roles, a.must_change_password, a.login, a.name, a.task_types,
           o.certified, o.name, o.unit_types, o.kind, o.district,
           a.state = 'active' AND NOT a.frozen AND (o.id IS NULL OR o.state = 'active')
      INTO NEW.org_id, NEW.parent_id, NEW.roles, NEW.must_change_password, NEW.login, NEW.name,
           NEW.task_types, NEW.org_certified, NEW.org_name, NEW.org_unit_types, NEW.org_kind,
           NEW.org_district, NEW.usable
      FROM account a LEFT JOIN org o ON o.id = a.org_id
     WHERE a.id = NEW.account_id;
    NEW.usable := coalesce(NEW.usable, false);
    RETURN NEW;
END $$;

-- "SET account_id = account_id" below names the column, which is what fires this.
CREATE TRIGGER session_user_fill BEFORE INSERT OR UPDATE OF account_id ON session
    FOR EACH ROW EXECUTE FUNCTION session_user_fill();

CREATE FUNCTION session_user_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE session SET account_id = account_id WHERE account_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER session_user_account AFTER UPDATE ON account FOR EACH ROW
    WHEN ((OLD.org_id, OLD.parent_id, OLD.roles, OLD.must_change_password, OLD.login, OLD.name,
           OLD.task_types, OLD.state, OLD.frozen)
          IS DISTINCT FROM
          (NEW.org_id, NEW.parent_id, NEW.roles, NEW.must_change_password, NEW.login, NEW.name,
           NEW.task_types, NEW.state, NEW.frozen))
    EXECUTE FUNCTION session_user_account();

CREATE FUNCTION session_user_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE session SET account_id = account_id
     WHERE account_id IN (SELECT id FROM account WHERE org_id = NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER session_user_org AFTER UPDATE ON org FOR EACH ROW
    WHEN ((OLD.certified, OLD.name, OLD.unit_types, OLD.kind, OLD.district, OLD.state)
          IS DISTINCT FROM
          (NEW.certified, NEW.name, NEW.unit_types, NEW.kind, NEW.district, NEW.state))
    EXECUTE FUNCTION session_user_org();

-- Sessions that exist now.
UPDATE session SET account_id = account_id;
