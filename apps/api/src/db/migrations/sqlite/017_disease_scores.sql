-- Disease activity scores (issue 17; rules in packages/clinical disease-remission.ts): the score
-- the protocol uses for the patient's disease, with its date. A SLEDAI-2K carries the components
-- DORIS 2021 and LLDAS are computed from (components_json); the other instruments are entered
-- totals. Charted facts like those of 005: immutable, never deleted, corrected by an
-- entered-in-error mark in `corrections`.
CREATE TABLE disease_scores (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  kind TEXT NOT NULL CHECK (kind IN ('sledai_2k', 'mrss', 'mg_adl', 'qmg', 'pdai', 'eustar_ai', 'myositis_tis')),
  value REAL NOT NULL,
  assessed_at TEXT NOT NULL,
  assessed_at_ms INTEGER NOT NULL,
  components_json TEXT,
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL,
  CHECK ((kind = 'sledai_2k') = (components_json IS NOT NULL))
);
CREATE INDEX disease_scores_patient ON disease_scores (patient_id, assessed_at_ms);

CREATE TRIGGER disease_scores_immutable BEFORE UPDATE ON disease_scores BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER disease_scores_kept BEFORE DELETE ON disease_scores BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
