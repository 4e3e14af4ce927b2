-- Long-term follow-up: infections, IVIG plans and what became of each dose, immunosuppressant
-- stops, remission assessments, LICATS events and completed follow-up visits. All are charted
-- facts: immutable, corrected by an entered-in-error mark in `corrections`.

CREATE TABLE infections (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  onset_at TEXT NOT NULL,
  onset_at_ms INTEGER NOT NULL,
  site TEXT NOT NULL,
  organism TEXT,
  bacterial INTEGER NOT NULL DEFAULT 0,
  ctcae_grade INTEGER NOT NULL CHECK (ctcae_grade BETWEEN 1 AND 5),
  hospitalised INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX infections_patient ON infections (patient_id, onset_at_ms);

CREATE TABLE ivig_doses (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  due_at TEXT NOT NULL,
  due_at_ms INTEGER NOT NULL,
  planned_dose_g REAL NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX ivig_doses_patient ON ivig_doses (patient_id, due_at_ms);

-- What became of a planned dose: given (with lot), missed, or cancelled with a reason.
CREATE TABLE ivig_dose_outcomes (
  id INTEGER PRIMARY KEY,
  dose_id INTEGER NOT NULL REFERENCES ivig_doses (id),
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  outcome TEXT NOT NULL CHECK (outcome IN ('given', 'missed', 'cancelled')),
  at TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  dose_g REAL,
  lot TEXT,
  reason TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX ivig_outcomes_dose ON ivig_dose_outcomes (dose_id);

CREATE TABLE immunosuppressant_stops (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  drug TEXT NOT NULL,
  stopped_at TEXT NOT NULL,
  stopped_at_ms INTEGER NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);

CREATE TABLE remission_assessments (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  assessed_at TEXT NOT NULL,
  assessed_at_ms INTEGER NOT NULL,
  in_remission INTEGER NOT NULL CHECK (in_remission IN (0, 1)),
  active_immunosuppressants_json TEXT NOT NULL,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);

CREATE TABLE licats_events (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  organ TEXT NOT NULL,
  onset_at TEXT NOT NULL,
  onset_at_ms INTEGER NOT NULL,
  resolved_at TEXT,
  resolved_without_treatment INTEGER NOT NULL,
  glucocorticoid_days INTEGER NOT NULL,
  inner_organ INTEGER NOT NULL,
  prolonged_or_new_hospitalisation INTEGER NOT NULL,
  icu INTEGER NOT NULL,
  treatment TEXT,
  grade INTEGER NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);

CREATE TABLE milestone_visits (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  milestone TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  completed_at_ms INTEGER NOT NULL,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);

CREATE TRIGGER infections_immutable BEFORE UPDATE ON infections BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER infections_kept BEFORE DELETE ON infections BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER ivig_doses_immutable BEFORE UPDATE ON ivig_doses BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER ivig_doses_kept BEFORE DELETE ON ivig_doses BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER ivig_outcomes_immutable BEFORE UPDATE ON ivig_dose_outcomes BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER ivig_outcomes_kept BEFORE DELETE ON ivig_dose_outcomes BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER is_stops_immutable BEFORE UPDATE ON immunosuppressant_stops BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER is_stops_kept BEFORE DELETE ON immunosuppressant_stops BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER remission_immutable BEFORE UPDATE ON remission_assessments BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER remission_kept BEFORE DELETE ON remission_assessments BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER licats_immutable BEFORE UPDATE ON licats_events BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER licats_kept BEFORE DELETE ON licats_events BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER milestones_immutable BEFORE UPDATE ON milestone_visits BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER milestones_kept BEFORE DELETE ON milestone_visits BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
