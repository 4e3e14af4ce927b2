-- Lifelong follow-up for second malignancies. FDA class labelling of the CAR-T products (January
-- 2024, boxed warning on T-cell malignancies) asks that a new malignancy after CAR-T be reported
-- and the manufacturer contacted so the tumour sample can be tested for the CAR transgene.
-- A malignancy is a charted fact; charting one creates its transgene-testing task (same
-- transaction); the task is done when a completion fact is charted. All three are immutable and
-- corrected by an entered-in-error mark in `corrections`, never deleted.

CREATE TABLE malignancy_events (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  diagnosed_on TEXT NOT NULL,
  diagnosed_on_ms INTEGER NOT NULL,
  malignancy_type TEXT NOT NULL CHECK (malignancy_type IN ('t_cell_lymphoma', 'other_haematological', 'solid')),
  site TEXT NOT NULL,
  tumour_sample_available INTEGER NOT NULL CHECK (tumour_sample_available IN (0, 1)),
  notes TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX malignancy_events_patient ON malignancy_events (patient_id, diagnosed_on_ms);

CREATE TABLE transgene_testing_tasks (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  malignancy_id INTEGER NOT NULL UNIQUE REFERENCES malignancy_events (id),
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX transgene_testing_tasks_patient ON transgene_testing_tasks (patient_id);

-- The task done: the date the manufacturer was contacted and testing arranged; who is recorded_by.
CREATE TABLE transgene_testing_done (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES transgene_testing_tasks (id),
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  done_on TEXT NOT NULL,
  done_on_ms INTEGER NOT NULL,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX transgene_testing_done_task ON transgene_testing_done (task_id);

CREATE TRIGGER malignancy_events_immutable BEFORE UPDATE ON malignancy_events BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER malignancy_events_kept BEFORE DELETE ON malignancy_events BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER transgene_tasks_immutable BEFORE UPDATE ON transgene_testing_tasks BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER transgene_tasks_kept BEFORE DELETE ON transgene_testing_tasks BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
CREATE TRIGGER transgene_done_immutable BEFORE UPDATE ON transgene_testing_done BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER transgene_done_kept BEFORE DELETE ON transgene_testing_done BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
