-- Patients and the charted facts. Facts are immutable: a correction is a row in
-- `corrections` (entered-in-error, with reason), never an UPDATE or DELETE of the fact.

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  mrn TEXT NOT NULL UNIQUE,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  weight_kg REAL NOT NULL CHECK (weight_kg > 0),
  diagnosis TEXT NOT NULL,
  autoantibody TEXT,
  product TEXT NOT NULL,
  trial_id TEXT,
  lymphodepletion_start TEXT,
  infusion_at TEXT,
  status TEXT NOT NULL,
  is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX patients_status ON patients (status);

CREATE TABLE vital_sets (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  taken_at TEXT NOT NULL,
  taken_at_ms INTEGER NOT NULL,
  temperature_c REAL,
  heart_rate REAL,
  systolic REAL,
  diastolic REAL,
  mean_arterial REAL,
  respiratory_rate REAL,
  spo2 REAL,
  oxygen_device TEXT NOT NULL,
  oxygen_flow_lpm REAL,
  fio2 REAL,
  hypotension_recorded INTEGER CHECK (hypotension_recorded IN (0, 1)),
  flags_json TEXT,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX vital_sets_patient_time ON vital_sets (patient_id, taken_at_ms);

CREATE TABLE neuro_assessments (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  assessed_at TEXT NOT NULL,
  assessed_at_ms INTEGER NOT NULL,
  ice_items_json TEXT,
  ice_score INTEGER CHECK (ice_score BETWEEN 0 AND 10),
  ice_not_performed_reason TEXT,
  capd_score INTEGER CHECK (capd_score BETWEEN 0 AND 32),
  consciousness TEXT NOT NULL,
  consciousness_other_cause INTEGER NOT NULL DEFAULT 0,
  seizure TEXT NOT NULL,
  motor_weakness TEXT NOT NULL,
  raised_icp TEXT NOT NULL,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX neuro_patient_time ON neuro_assessments (patient_id, assessed_at_ms);

CREATE TABLE medication_administrations (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  given_at TEXT NOT NULL,
  given_at_ms INTEGER NOT NULL,
  drug TEXT NOT NULL,
  category TEXT NOT NULL,
  dose REAL,
  dose_unit TEXT,
  route TEXT,
  lot TEXT,
  override_reason TEXT,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX meds_patient_time ON medication_administrations (patient_id, given_at_ms);

CREATE TABLE vasopressor_infusions (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  drug TEXT NOT NULL,
  started_at TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  dose_note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX pressors_patient ON vasopressor_infusions (patient_id, started_at_ms);

-- A stop is its own fact, so the start stays immutable.
CREATE TABLE vasopressor_stops (
  id INTEGER PRIMARY KEY,
  infusion_id INTEGER NOT NULL REFERENCES vasopressor_infusions (id),
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  stopped_at TEXT NOT NULL,
  stopped_at_ms INTEGER NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX pressor_stops_infusion ON vasopressor_stops (infusion_id);

CREATE TABLE lab_results (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  collected_at TEXT NOT NULL,
  collected_at_ms INTEGER NOT NULL,
  analyte TEXT NOT NULL,
  loinc TEXT,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  entered_value REAL,
  entered_unit TEXT,
  flags_json TEXT,
  panel_id TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX labs_patient_analyte_time ON lab_results (patient_id, analyte, collected_at_ms);

-- Clinician statements the engine uses (e.g. fever attributed to another cause, for a range).
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  kind TEXT NOT NULL,
  from_at TEXT NOT NULL,
  from_at_ms INTEGER NOT NULL,
  to_at TEXT,
  to_at_ms INTEGER,
  text TEXT NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX annotations_patient ON annotations (patient_id, from_at_ms);

-- Entered-in-error marks: one per fact at most, never removed.
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  fact_table TEXT NOT NULL,
  fact_id INTEGER NOT NULL,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  reason TEXT NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL,
  UNIQUE (fact_table, fact_id)
);
CREATE INDEX corrections_patient ON corrections (patient_id);

CREATE TRIGGER vital_sets_immutable BEFORE UPDATE ON vital_sets BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER vital_sets_kept BEFORE DELETE ON vital_sets BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER neuro_immutable BEFORE UPDATE ON neuro_assessments BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER neuro_kept BEFORE DELETE ON neuro_assessments BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER meds_immutable BEFORE UPDATE ON medication_administrations BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER meds_kept BEFORE DELETE ON medication_administrations BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER pressors_immutable BEFORE UPDATE ON vasopressor_infusions BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER pressors_kept BEFORE DELETE ON vasopressor_infusions BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER pressor_stops_immutable BEFORE UPDATE ON vasopressor_stops BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER pressor_stops_kept BEFORE DELETE ON vasopressor_stops BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER labs_immutable BEFORE UPDATE ON lab_results BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER labs_kept BEFORE DELETE ON lab_results BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER annotations_immutable BEFORE UPDATE ON annotations BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER annotations_kept BEFORE DELETE ON annotations BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER corrections_immutable BEFORE UPDATE ON corrections BEGIN SELECT RAISE(ABORT, 'corrections are immutable'); END;
CREATE TRIGGER corrections_kept BEFORE DELETE ON corrections BEGIN SELECT RAISE(ABORT, 'corrections are never deleted'); END;
CREATE TRIGGER patients_kept BEFORE DELETE ON patients BEGIN SELECT RAISE(ABORT, 'patients are never deleted'); END;
