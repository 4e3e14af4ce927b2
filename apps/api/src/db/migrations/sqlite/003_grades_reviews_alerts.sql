-- Derived data: recomputable from the charted facts, except what people add to it
-- (signatures, acknowledgements), which is kept for good.

-- Each step of the computed CRS/ICANS grade (a change from the previous charted moment).
-- status: pending (in the review queue), confirmed, overridden, superseded (a later
-- recomputation no longer produces this step; kept, never silently removed).
CREATE TABLE grade_changes (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  syndrome TEXT NOT NULL CHECK (syndrome IN ('crs', 'icans')),
  at TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  day INTEGER NOT NULL,
  from_grade INTEGER NOT NULL,
  to_grade INTEGER NOT NULL,
  reasons_json TEXT NOT NULL,
  fact_ids_json TEXT NOT NULL,
  missing_json TEXT NOT NULL,
  facts_hash TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'overridden', 'superseded')),
  -- Set when a fact behind a signed grade was later marked entered-in-error.
  returned_reason TEXT,
  superseded_at TEXT
);
CREATE INDEX grade_changes_patient ON grade_changes (patient_id, syndrome, at_ms);
CREATE INDEX grade_changes_status ON grade_changes (status, at_ms);

-- A hematologist's signature on a computed grade: confirmed, or overridden with a new grade.
CREATE TABLE grade_signatures (
  id INTEGER PRIMARY KEY,
  grade_change_id INTEGER NOT NULL REFERENCES grade_changes (id),
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'overridden')),
  computed_grade INTEGER NOT NULL,
  signed_grade INTEGER NOT NULL,
  reason TEXT,
  meaning TEXT NOT NULL,
  signer_id INTEGER NOT NULL REFERENCES users (id),
  signer_name TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  facts_hash TEXT NOT NULL,
  -- Set when a fact behind it was later marked entered-in-error: the grade went back to the queue.
  invalidated_at TEXT
);
CREATE INDEX signatures_change ON grade_signatures (grade_change_id);
CREATE TRIGGER signatures_kept BEFORE DELETE ON grade_signatures BEGIN SELECT RAISE(ABORT, 'signatures are never deleted'); END;
-- A signature is immutable except for the one mark that a fact behind it was corrected.
CREATE TRIGGER signatures_immutable BEFORE UPDATE OF grade_change_id, patient_id, decision, computed_grade,
  signed_grade, reason, meaning, signer_id, signer_name, signed_at, facts_hash ON grade_signatures
BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  rule TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'high', 'critical')),
  message TEXT NOT NULL,
  fact_ids_json TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  raised_at_ms INTEGER NOT NULL,
  last_fired_at TEXT NOT NULL,
  fire_count INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  acknowledged_by INTEGER REFERENCES users (id),
  acknowledged_at TEXT,
  acknowledge_note TEXT,
  resolved_by INTEGER REFERENCES users (id),
  resolved_at TEXT,
  resolve_note TEXT
);
-- One open (or acknowledged, still unresolved) alert per rule and patient: no floods.
CREATE UNIQUE INDEX alerts_one_open ON alerts (patient_id, rule) WHERE status != 'resolved';
CREATE INDEX alerts_status ON alerts (status, raised_at_ms);
CREATE TRIGGER alerts_kept BEFORE DELETE ON alerts BEGIN SELECT RAISE(ABORT, 'alerts are never deleted'); END;
