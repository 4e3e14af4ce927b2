-- Derived, per patient: what the ward overview shows at a glance, kept current by every write
-- so that the ward does not regrade a thousand patients on each refresh.
CREATE TABLE patient_state (
  patient_id bigint PRIMARY KEY REFERENCES patients (id),
  crs_grade bigint,
  icans_grade bigint,
  graded_at_ms bigint,
  last_vitals_json text,
  last_vitals_at_ms bigint,
  last_ice_at_ms bigint,
  febrile bigint NOT NULL DEFAULT 0,
  updated_at text NOT NULL
);
