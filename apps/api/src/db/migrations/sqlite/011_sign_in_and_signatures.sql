-- Sign-in and signatures (21 CFR 11.100 and 11.300; OWASP ASVS V6 and V7).
-- Who chose each user's current password: a signature is only accepted with a password its owner
-- chose (an administrator's reset sets a one-time password that must be changed at next sign-in).
-- Accounts created before this migration chose their own (first-run users: the operator's).
ALTER TABLE users ADD COLUMN password_set_by INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN password_set_at TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
-- The last reset by an administrator, shown to the user.
ALTER TABLE users ADD COLUMN password_reset_by INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN password_reset_at TEXT;
-- Time-based one-time passwords (RFC 6238): the base32 secret (needed to verify, never returned
-- after enrolment), the secret offered while enrolling, and the last accepted time step (a code
-- is accepted once: replay of the same or an earlier step is refused).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enrolled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
UPDATE users SET password_set_by = id, password_set_at = updated_at;

-- One-time recovery codes for a lost authenticator: only the SHA-256 of each is stored.
CREATE TABLE recovery_codes (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  code_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
