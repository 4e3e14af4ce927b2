-- Infusion episodes: a patient may receive a second product (re-treatment after relapse, e.g. a
-- CD19-BCMA product after CD19), each infusion with its own Day 0 and its own toxicity course
-- (ASTCT grading is per product infusion: Lee 2019 Biol Blood Marrow Transplant).
-- An episode is a charted fact: immutable, corrected by an entered-in-error mark in
-- `corrections`, never deleted. patients.infusion_at stays, derived: the Day 0 of the latest
-- episode not entered in error, written in the same transaction as the episode that changes it.

CREATE TABLE infusion_episodes (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  -- 1 for the first infusion, 2 for the first re-treatment, …
  number INTEGER NOT NULL CHECK (number >= 1),
  product TEXT NOT NULL,
  infused_at TEXT NOT NULL,
  infused_at_ms INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('first_infusion', 'relapse', 'insufficient_response', 're_treatment')),
  note TEXT,
  recorded_by INTEGER NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX infusion_episodes_patient ON infusion_episodes (patient_id, infused_at_ms);

-- Every patient infused so far had one infusion: it becomes episode 1, recorded by the first
-- user (the migration has no signed-in user; users.id 1 is the unit's first administrator).
INSERT INTO infusion_episodes (patient_id, number, product, infused_at, infused_at_ms, reason, recorded_by, recorded_at)
SELECT p.id, 1, p.product, p.infusion_at,
       CAST(ROUND((julianday(p.infusion_at) - 2440587.5) * 86400000) AS INTEGER),
       'first_infusion', (SELECT min(id) FROM users), p.updated_at
FROM patients p
WHERE p.infusion_at IS NOT NULL AND EXISTS (SELECT 1 FROM users);

CREATE TRIGGER infusion_episodes_immutable BEFORE UPDATE ON infusion_episodes BEGIN SELECT RAISE(ABORT, 'charted facts are immutable'); END;
CREATE TRIGGER infusion_episodes_kept BEFORE DELETE ON infusion_episodes BEGIN SELECT RAISE(ABORT, 'charted facts are never deleted'); END;
