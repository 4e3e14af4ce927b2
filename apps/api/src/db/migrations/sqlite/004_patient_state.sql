-- Derived, per patient: what the ward overview shows at a glance, kept current by every write
-- so that the ward does not regrade a thousand patients on each refresh.
CREATE TABLE patient_state (
  patient_id INTEGER PRIMARY KEY REFERENCES patients (id),
  crs_grade INTEGER,
  icans_grade INTEGER,
  graded_at_ms INTEGER,
  last_vitals_json TEXT,
  last_vitals_at_ms INTEGER,
  last_ice_at_ms INTEGER,
  febrile INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
