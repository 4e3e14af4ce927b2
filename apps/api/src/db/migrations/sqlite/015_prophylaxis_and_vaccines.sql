-- Infection prophylaxis and revaccination (issue 17; rules in packages/clinical prophylaxis.ts and
-- revaccination.ts). Charted facts like those of 005: immutable, never deleted, corrected by an
-- entered-in-error mark in `corrections`. A prophylaxis is stopped by a second fact (its stop),
-- so the record itself never changes.
CREATE TABLE prophylaxis_records (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  kind TEXT NOT NULL CHECK (kind IN ('antiviral_hsv_vzv', 'pjp', 'antibacterial', 'antifungal', 'hbv_antiviral')),
  drug TEXT NOT NULL,
  started_at TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  planned_stop_at TEXT,
  planned_stop_at_ms INTEGER,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX prophylaxis_records_patient ON prophylaxis_records (patient_id, started_at_ms);

CREATE TABLE prophylaxis_stops (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  record_id INTEGER NOT NULL REFERENCES prophylaxis_records (id),
  stopped_at TEXT NOT NULL,
  stopped_at_ms INTEGER NOT NULL,
  reason TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX prophylaxis_stops_patient ON prophylaxis_stops (patient_id);

CREATE TABLE hbv_screenings (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  screened_at TEXT NOT NULL,
  screened_at_ms INTEGER NOT NULL,
  core_antibody TEXT NOT NULL CHECK (core_antibody IN ('positive', 'negative')),
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX hbv_screenings_patient ON hbv_screenings (patient_id, screened_at_ms);

CREATE TABLE vaccine_doses (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  vaccine_group TEXT NOT NULL CHECK (vaccine_group IN ('influenza', 'covid19', 'other_inactivated', 'live')),
  vaccine TEXT NOT NULL,
  given_at TEXT NOT NULL,
  given_at_ms INTEGER NOT NULL,
  lot TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX vaccine_doses_patient ON vaccine_doses (patient_id, given_at_ms);

CREATE TRIGGER prophylaxis_records_immutable BEFORE UPDATE ON prophylaxis_records BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER prophylaxis_records_kept BEFORE DELETE ON prophylaxis_records BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER prophylaxis_stops_immutable BEFORE UPDATE ON prophylaxis_stops BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER prophylaxis_stops_kept BEFORE DELETE ON prophylaxis_stops BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER hbv_screenings_immutable BEFORE UPDATE ON hbv_screenings BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER hbv_screenings_kept BEFORE DELETE ON hbv_screenings BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER vaccine_doses_immutable BEFORE UPDATE ON vaccine_doses BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER vaccine_doses_kept BEFORE DELETE ON vaccine_doses BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
