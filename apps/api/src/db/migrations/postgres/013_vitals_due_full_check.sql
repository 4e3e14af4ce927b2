-- The "vitals due" clock (patient_state.last_vitals_at_ms) now runs from the latest FULL vitals
-- check (temperature, heart rate, blood pressure, respiratory rate and SpO2: the monitoring plan's
-- fullVitalCheck), not from any vital set: a temperature taken alone no longer resets it. No schema
-- change; the ward rows of an existing database are recomputed once here, as every later write does.
UPDATE patient_state
SET last_vitals_at_ms = (
  SELECT max(v.taken_at_ms)
  FROM vital_sets v
  WHERE v.patient_id = patient_state.patient_id
    AND v.temperature_c IS NOT NULL
    AND v.heart_rate IS NOT NULL
    AND v.systolic IS NOT NULL
    AND v.respiratory_rate IS NOT NULL
    AND v.spo2 IS NOT NULL
    AND v.id NOT IN (SELECT c.fact_id FROM corrections c WHERE c.fact_table = 'vital_sets')
);
