-- Coordinators' calendar feeds: a secret URL per user that calendar apps subscribe to without a
-- session. Only the SHA-256 of the token is stored; rotating revokes the old feed and creates a
-- new one, revoking keeps the row (who revoked it, when).
CREATE TABLE calendar_feeds (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by INTEGER REFERENCES users (id)
);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);

-- IVIG planned although the rule did not indicate it: the warning shown, recorded with the plan.
ALTER TABLE ivig_doses ADD COLUMN plan_warning TEXT;
