-- PostgreSQL version of migrations/sqlite/009_audit_keyed_chain.sql: same columns and meaning.
-- Keyed audit chain (21 CFR 11.10(c)/(e), HIPAA 164.312(c)(1)): from this migration on, every new
-- audit row is chained with HMAC-SHA-256 under a key kept outside the database, names that key
-- (key_id) and carries the canonical hashes of the charted facts written since the previous row
-- (facts_json). Rows written before this migration keep their plain SHA-256 chain (key_id NULL):
-- the verifier reports them as predating keyed chaining instead of failing.
ALTER TABLE audit_log ADD COLUMN key_id text;
ALTER TABLE audit_log ADD COLUMN facts_json text;

-- Bookkeeping for the writer: the highest id of each fact table that some audit row already
-- covers. Not trusted by the verifier (which re-derives coverage from the keyed rows); a
-- tampered value shows up as facts in no audit row.
CREATE TABLE audit_fact_marks (
  fact_table text PRIMARY KEY,
  covered_through bigint NOT NULL
);

-- Facts charted before keyed chaining are not covered: they stay as they were, like the rows
-- of the plain chain that recorded them.
INSERT INTO audit_fact_marks (fact_table, covered_through)
SELECT t, m FROM (
  SELECT 'vital_sets' AS t, MAX(id) AS m FROM vital_sets
  UNION ALL SELECT 'neuro_assessments', MAX(id) FROM neuro_assessments
  UNION ALL SELECT 'medication_administrations', MAX(id) FROM medication_administrations
  UNION ALL SELECT 'vasopressor_infusions', MAX(id) FROM vasopressor_infusions
  UNION ALL SELECT 'vasopressor_stops', MAX(id) FROM vasopressor_stops
  UNION ALL SELECT 'lab_results', MAX(id) FROM lab_results
  UNION ALL SELECT 'annotations', MAX(id) FROM annotations
  UNION ALL SELECT 'infections', MAX(id) FROM infections
  UNION ALL SELECT 'ivig_doses', MAX(id) FROM ivig_doses
  UNION ALL SELECT 'ivig_dose_outcomes', MAX(id) FROM ivig_dose_outcomes
  UNION ALL SELECT 'immunosuppressant_stops', MAX(id) FROM immunosuppressant_stops
  UNION ALL SELECT 'remission_assessments', MAX(id) FROM remission_assessments
  UNION ALL SELECT 'licats_events', MAX(id) FROM licats_events
  UNION ALL SELECT 'milestone_visits', MAX(id) FROM milestone_visits
  UNION ALL SELECT 'corrections', MAX(id) FROM corrections
  UNION ALL SELECT 'grade_signatures', MAX(id) FROM grade_signatures
) AS highest
WHERE m IS NOT NULL;
