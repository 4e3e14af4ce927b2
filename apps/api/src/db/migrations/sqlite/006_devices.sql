-- Bedside monitors and interface engines that send HL7 v2 vitals. Each has its own API key
-- (only its SHA-256 is stored) and an inactive user account that charted facts name as their
-- recorder ("Monitor …"); that account can never sign in.
CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by INTEGER REFERENCES users (id)
);
