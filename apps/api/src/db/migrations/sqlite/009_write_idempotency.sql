-- Writes that must not be charted twice. A dashboard form sends an Idempotency-Key with each
-- submission: the first request reserves the key (status NULL while it runs) and stores its
-- answer; a repeat with the same key and body gets that answer again, and charts nothing.
-- Keys expire after a day. Bookkeeping only: the facts themselves are in their own tables.
CREATE TABLE idempotency_keys (
  user_id INTEGER NOT NULL REFERENCES users (id),
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER,
  content_type TEXT,
  body TEXT,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at_ms);

-- HL7 v2 messages already charted, per device and message control id (MSH-10): a monitor or
-- interface engine that resends a message after a lost ACK gets the same ACK, and nothing is
-- charted again.
CREATE TABLE hl7_messages (
  device_id INTEGER NOT NULL REFERENCES devices (id),
  control_id TEXT NOT NULL,
  ack_text TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (device_id, control_id)
);
