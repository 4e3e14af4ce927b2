-- Hourly rollups of the vital-sign series, for charts of long histories (a year of one-minute
-- vitals is over 500,000 rows; a year has 8,760 hours). Derived data, kept current by triggers
-- on every path that charts a vital or marks one entered-in-error, whatever wrote it (charting
-- routes, HL7 v2, FHIR import, the bulk loader): no application code has to remember them.
--
-- (PostgreSQL 15 version of migrations/sqlite/007_vital_rollups.sql: the same fold, the same
-- rows; the trigger bodies are plpgsql functions, and vital_rollups is an ordinary table keyed by
-- its primary key where SQLite stores it WITHOUT ROWID, clustered on that key.)
--
-- One row per patient and clock hour (hour_ms = taken_at_ms - taken_at_ms % 3600000), over the
-- vital sets of that hour that are not entered in error; no row for an hour without any.
-- For each series: how many values were charted (for the chart's true totals), and the minimum
-- and maximum with the time and fact id of the vital set they came from, so the chart can show
-- the real reading and link to it. Ties keep the earliest (taken_at_ms, id): the same reading
-- whatever order the rows arrived in.
-- Oxygen: the highest support of the hour (a band on a year-long chart is hours per pixel, so the
-- hour's highest support is what must stay visible), and the first and last of the hour (the
-- timeline draws the hour's band from the first vital set to the last).
CREATE TABLE vital_rollups (
  patient_id bigint NOT NULL REFERENCES patients (id),
  hour_ms bigint NOT NULL,
  n bigint NOT NULL,
  temperature_c_n bigint NOT NULL,
  temperature_c_min double precision, temperature_c_min_at_ms bigint, temperature_c_min_id bigint,
  temperature_c_max double precision, temperature_c_max_at_ms bigint, temperature_c_max_id bigint,
  heart_rate_n bigint NOT NULL,
  heart_rate_min double precision, heart_rate_min_at_ms bigint, heart_rate_min_id bigint,
  heart_rate_max double precision, heart_rate_max_at_ms bigint, heart_rate_max_id bigint,
  systolic_n bigint NOT NULL,
  systolic_min double precision, systolic_min_at_ms bigint, systolic_min_id bigint,
  systolic_max double precision, systolic_max_at_ms bigint, systolic_max_id bigint,
  mean_arterial_n bigint NOT NULL,
  mean_arterial_min double precision, mean_arterial_min_at_ms bigint, mean_arterial_min_id bigint,
  mean_arterial_max double precision, mean_arterial_max_at_ms bigint, mean_arterial_max_id bigint,
  spo2_n bigint NOT NULL,
  spo2_min double precision, spo2_min_at_ms bigint, spo2_min_id bigint,
  spo2_max double precision, spo2_max_at_ms bigint, spo2_max_id bigint,
  -- Support ranked as in the feed trigger below; flow breaks ties (uncharted flow lowest).
  oxygen_top_rank bigint NOT NULL,
  oxygen_top_device text NOT NULL, oxygen_top_flow_lpm double precision, oxygen_top_at_ms bigint NOT NULL, oxygen_top_id bigint NOT NULL,
  oxygen_first_device text NOT NULL, oxygen_first_flow_lpm double precision, oxygen_first_at_ms bigint NOT NULL, oxygen_first_id bigint NOT NULL,
  oxygen_last_device text NOT NULL, oxygen_last_flow_lpm double precision, oxygen_last_at_ms bigint NOT NULL, oxygen_last_id bigint NOT NULL,
  PRIMARY KEY (patient_id, hour_ms)
);

-- The one way into vital_rollups: inserting a vital set's columns into this (always empty) view
-- folds that row into its hour. The insert trigger, the entered-in-error replay and the backfill
-- below all go through it, so there is a single definition of the fold. (PostgreSQL would make
-- this simple view auto-updatable, inserting into vital_sets; its INSTEAD OF trigger takes
-- precedence, so nothing is ever written to vital_sets through it.)
CREATE VIEW vital_rollup_feed AS
  SELECT id, patient_id, taken_at_ms, temperature_c, heart_rate, systolic, mean_arterial, spo2,
    oxygen_device, oxygen_flow_lpm
  FROM vital_sets WHERE false;

-- An UPSERT: in DO UPDATE every expression reads the row as it was before this statement
-- (`r.`, the existing row: unqualified names would be ambiguous in PostgreSQL), and
-- `excluded.` the values of the row being folded in. A minimum or maximum (with its time and id)
-- moves only to a value that is not null and strictly beyond it, or equal and earlier (by time,
-- then id); first and last compare (time, id) too. So an hour's rollup does not depend on the
-- order its rows are folded in (a vital charted late, for an earlier time, lands the same).
CREATE FUNCTION vital_rollup_feed_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO vital_rollups AS r (
    patient_id, hour_ms, n,
    temperature_c_n, temperature_c_min, temperature_c_min_at_ms, temperature_c_min_id, temperature_c_max, temperature_c_max_at_ms, temperature_c_max_id,
    heart_rate_n, heart_rate_min, heart_rate_min_at_ms, heart_rate_min_id, heart_rate_max, heart_rate_max_at_ms, heart_rate_max_id,
    systolic_n, systolic_min, systolic_min_at_ms, systolic_min_id, systolic_max, systolic_max_at_ms, systolic_max_id,
    mean_arterial_n, mean_arterial_min, mean_arterial_min_at_ms, mean_arterial_min_id, mean_arterial_max, mean_arterial_max_at_ms, mean_arterial_max_id,
    spo2_n, spo2_min, spo2_min_at_ms, spo2_min_id, spo2_max, spo2_max_at_ms, spo2_max_id,
    oxygen_top_rank, oxygen_top_device, oxygen_top_flow_lpm, oxygen_top_at_ms, oxygen_top_id,
    oxygen_first_device, oxygen_first_flow_lpm, oxygen_first_at_ms, oxygen_first_id,
    oxygen_last_device, oxygen_last_flow_lpm, oxygen_last_at_ms, oxygen_last_id
    )
    SELECT
      NEW.patient_id, NEW.taken_at_ms - NEW.taken_at_ms % 3600000, 1,
      (NEW.temperature_c IS NOT NULL)::int, NEW.temperature_c, CASE WHEN NEW.temperature_c IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.temperature_c IS NULL THEN NULL ELSE NEW.id END, NEW.temperature_c, CASE WHEN NEW.temperature_c IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.temperature_c IS NULL THEN NULL ELSE NEW.id END,
      (NEW.heart_rate IS NOT NULL)::int, NEW.heart_rate, CASE WHEN NEW.heart_rate IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.heart_rate IS NULL THEN NULL ELSE NEW.id END, NEW.heart_rate, CASE WHEN NEW.heart_rate IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.heart_rate IS NULL THEN NULL ELSE NEW.id END,
      (NEW.systolic IS NOT NULL)::int, NEW.systolic, CASE WHEN NEW.systolic IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.systolic IS NULL THEN NULL ELSE NEW.id END, NEW.systolic, CASE WHEN NEW.systolic IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.systolic IS NULL THEN NULL ELSE NEW.id END,
      (NEW.mean_arterial IS NOT NULL)::int, NEW.mean_arterial, CASE WHEN NEW.mean_arterial IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.mean_arterial IS NULL THEN NULL ELSE NEW.id END, NEW.mean_arterial, CASE WHEN NEW.mean_arterial IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.mean_arterial IS NULL THEN NULL ELSE NEW.id END,
      (NEW.spo2 IS NOT NULL)::int, NEW.spo2, CASE WHEN NEW.spo2 IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.spo2 IS NULL THEN NULL ELSE NEW.id END, NEW.spo2, CASE WHEN NEW.spo2 IS NULL THEN NULL ELSE NEW.taken_at_ms END, CASE WHEN NEW.spo2 IS NULL THEN NULL ELSE NEW.id END,
      -- Oxygen support ranked by the ASTCT 2019 hypoxia grade it implies, exactly as gradeHypoxia in
      -- packages/clinical/src/crs.ts classifies it: room air 0; low-flow nasal cannula (≤ 6 L/min, or
      -- flow not charted, which crs.ts grades as low flow) and blow-by 2; nasal cannula > 6 L/min,
      -- high-flow nasal cannula, face mask, non-rebreather and Venturi mask 3; CPAP and BiPAP 4.
      -- Intubation and mechanical ventilation is also grade 4 but ranked 5, above non-invasive
      -- positive pressure, as the most support a patient can receive. A device string crs.ts does not
      -- know (none is accepted by the API) ranks 1: shown over room air, never over a graded support.
      -- Within a rank the higher flow is the more support (a flow not charted counts lowest).
      CASE
        WHEN NEW.oxygen_device = 'room_air' THEN 0
        WHEN NEW.oxygen_device = 'nasal_cannula' AND NEW.oxygen_flow_lpm > 6 THEN 3
        WHEN NEW.oxygen_device IN ('nasal_cannula', 'blow_by') THEN 2
        WHEN NEW.oxygen_device IN ('high_flow_nasal_cannula', 'face_mask', 'non_rebreather', 'venturi_mask') THEN 3
        WHEN NEW.oxygen_device IN ('cpap', 'bipap') THEN 4
        WHEN NEW.oxygen_device = 'mechanical_ventilation' THEN 5
        ELSE 1
      END,
      NEW.oxygen_device, NEW.oxygen_flow_lpm, NEW.taken_at_ms, NEW.id,
      NEW.oxygen_device, NEW.oxygen_flow_lpm, NEW.taken_at_ms, NEW.id,
      NEW.oxygen_device, NEW.oxygen_flow_lpm, NEW.taken_at_ms, NEW.id
    -- Never an entered-in-error vital. (In the SQLite migration this WHERE is also what lets SQLite
    -- parse the ON CONFLICT after a SELECT; PostgreSQL needs no such help.)
    WHERE NOT EXISTS (SELECT 1 FROM corrections WHERE fact_table = 'vital_sets' AND fact_id = NEW.id)
    ON CONFLICT (patient_id, hour_ms) DO UPDATE SET
      n = r.n + 1,
      temperature_c_n = r.temperature_c_n + excluded.temperature_c_n,
      temperature_c_min = CASE WHEN r.temperature_c_min IS NULL OR (excluded.temperature_c_min, excluded.temperature_c_min_at_ms, excluded.temperature_c_min_id) < (r.temperature_c_min, r.temperature_c_min_at_ms, r.temperature_c_min_id) THEN excluded.temperature_c_min ELSE r.temperature_c_min END,
      temperature_c_min_at_ms = CASE WHEN r.temperature_c_min IS NULL OR (excluded.temperature_c_min, excluded.temperature_c_min_at_ms, excluded.temperature_c_min_id) < (r.temperature_c_min, r.temperature_c_min_at_ms, r.temperature_c_min_id) THEN excluded.temperature_c_min_at_ms ELSE r.temperature_c_min_at_ms END,
      temperature_c_min_id = CASE WHEN r.temperature_c_min IS NULL OR (excluded.temperature_c_min, excluded.temperature_c_min_at_ms, excluded.temperature_c_min_id) < (r.temperature_c_min, r.temperature_c_min_at_ms, r.temperature_c_min_id) THEN excluded.temperature_c_min_id ELSE r.temperature_c_min_id END,
      temperature_c_max = CASE WHEN r.temperature_c_max IS NULL OR excluded.temperature_c_max > r.temperature_c_max OR (excluded.temperature_c_max = r.temperature_c_max AND (excluded.temperature_c_max_at_ms, excluded.temperature_c_max_id) < (r.temperature_c_max_at_ms, r.temperature_c_max_id)) THEN excluded.temperature_c_max ELSE r.temperature_c_max END,
      temperature_c_max_at_ms = CASE WHEN r.temperature_c_max IS NULL OR excluded.temperature_c_max > r.temperature_c_max OR (excluded.temperature_c_max = r.temperature_c_max AND (excluded.temperature_c_max_at_ms, excluded.temperature_c_max_id) < (r.temperature_c_max_at_ms, r.temperature_c_max_id)) THEN excluded.temperature_c_max_at_ms ELSE r.temperature_c_max_at_ms END,
      temperature_c_max_id = CASE WHEN r.temperature_c_max IS NULL OR excluded.temperature_c_max > r.temperature_c_max OR (excluded.temperature_c_max = r.temperature_c_max AND (excluded.temperature_c_max_at_ms, excluded.temperature_c_max_id) < (r.temperature_c_max_at_ms, r.temperature_c_max_id)) THEN excluded.temperature_c_max_id ELSE r.temperature_c_max_id END,
      heart_rate_n = r.heart_rate_n + excluded.heart_rate_n,
      heart_rate_min = CASE WHEN r.heart_rate_min IS NULL OR (excluded.heart_rate_min, excluded.heart_rate_min_at_ms, excluded.heart_rate_min_id) < (r.heart_rate_min, r.heart_rate_min_at_ms, r.heart_rate_min_id) THEN excluded.heart_rate_min ELSE r.heart_rate_min END,
      heart_rate_min_at_ms = CASE WHEN r.heart_rate_min IS NULL OR (excluded.heart_rate_min, excluded.heart_rate_min_at_ms, excluded.heart_rate_min_id) < (r.heart_rate_min, r.heart_rate_min_at_ms, r.heart_rate_min_id) THEN excluded.heart_rate_min_at_ms ELSE r.heart_rate_min_at_ms END,
      heart_rate_min_id = CASE WHEN r.heart_rate_min IS NULL OR (excluded.heart_rate_min, excluded.heart_rate_min_at_ms, excluded.heart_rate_min_id) < (r.heart_rate_min, r.heart_rate_min_at_ms, r.heart_rate_min_id) THEN excluded.heart_rate_min_id ELSE r.heart_rate_min_id END,
      heart_rate_max = CASE WHEN r.heart_rate_max IS NULL OR excluded.heart_rate_max > r.heart_rate_max OR (excluded.heart_rate_max = r.heart_rate_max AND (excluded.heart_rate_max_at_ms, excluded.heart_rate_max_id) < (r.heart_rate_max_at_ms, r.heart_rate_max_id)) THEN excluded.heart_rate_max ELSE r.heart_rate_max END,
      heart_rate_max_at_ms = CASE WHEN r.heart_rate_max IS NULL OR excluded.heart_rate_max > r.heart_rate_max OR (excluded.heart_rate_max = r.heart_rate_max AND (excluded.heart_rate_max_at_ms, excluded.heart_rate_max_id) < (r.heart_rate_max_at_ms, r.heart_rate_max_id)) THEN excluded.heart_rate_max_at_ms ELSE r.heart_rate_max_at_ms END,
      heart_rate_max_id = CASE WHEN r.heart_rate_max IS NULL OR excluded.heart_rate_max > r.heart_rate_max OR (excluded.heart_rate_max = r.heart_rate_max AND (excluded.heart_rate_max_at_ms, excluded.heart_rate_max_id) < (r.heart_rate_max_at_ms, r.heart_rate_max_id)) THEN excluded.heart_rate_max_id ELSE r.heart_rate_max_id END,
      systolic_n = r.systolic_n + excluded.systolic_n,
      systolic_min = CASE WHEN r.systolic_min IS NULL OR (excluded.systolic_min, excluded.systolic_min_at_ms, excluded.systolic_min_id) < (r.systolic_min, r.systolic_min_at_ms, r.systolic_min_id) THEN excluded.systolic_min ELSE r.systolic_min END,
      systolic_min_at_ms = CASE WHEN r.systolic_min IS NULL OR (excluded.systolic_min, excluded.systolic_min_at_ms, excluded.systolic_min_id) < (r.systolic_min, r.systolic_min_at_ms, r.systolic_min_id) THEN excluded.systolic_min_at_ms ELSE r.systolic_min_at_ms END,
      systolic_min_id = CASE WHEN r.systolic_min IS NULL OR (excluded.systolic_min, excluded.systolic_min_at_ms, excluded.systolic_min_id) < (r.systolic_min, r.systolic_min_at_ms, r.systolic_min_id) THEN excluded.systolic_min_id ELSE r.systolic_min_id END,
      systolic_max = CASE WHEN r.systolic_max IS NULL OR excluded.systolic_max > r.systolic_max OR (excluded.systolic_max = r.systolic_max AND (excluded.systolic_max_at_ms, excluded.systolic_max_id) < (r.systolic_max_at_ms, r.systolic_max_id)) THEN excluded.systolic_max ELSE r.systolic_max END,
      systolic_max_at_ms = CASE WHEN r.systolic_max IS NULL OR excluded.systolic_max > r.systolic_max OR (excluded.systolic_max = r.systolic_max AND (excluded.systolic_max_at_ms, excluded.systolic_max_id) < (r.systolic_max_at_ms, r.systolic_max_id)) THEN excluded.systolic_max_at_ms ELSE r.systolic_max_at_ms END,
      systolic_max_id = CASE WHEN r.systolic_max IS NULL OR excluded.systolic_max > r.systolic_max OR (excluded.systolic_max = r.systolic_max AND (excluded.systolic_max_at_ms, excluded.systolic_max_id) < (r.systolic_max_at_ms, r.systolic_max_id)) THEN excluded.systolic_max_id ELSE r.systolic_max_id END,
      mean_arterial_n = r.mean_arterial_n + excluded.mean_arterial_n,
      mean_arterial_min = CASE WHEN r.mean_arterial_min IS NULL OR (excluded.mean_arterial_min, excluded.mean_arterial_min_at_ms, excluded.mean_arterial_min_id) < (r.mean_arterial_min, r.mean_arterial_min_at_ms, r.mean_arterial_min_id) THEN excluded.mean_arterial_min ELSE r.mean_arterial_min END,
      mean_arterial_min_at_ms = CASE WHEN r.mean_arterial_min IS NULL OR (excluded.mean_arterial_min, excluded.mean_arterial_min_at_ms, excluded.mean_arterial_min_id) < (r.mean_arterial_min, r.mean_arterial_min_at_ms, r.mean_arterial_min_id) THEN excluded.mean_arterial_min_at_ms ELSE r.mean_arterial_min_at_ms END,
      mean_arterial_min_id = CASE WHEN r.mean_arterial_min IS NULL OR (excluded.mean_arterial_min, excluded.mean_arterial_min_at_ms, excluded.mean_arterial_min_id) < (r.mean_arterial_min, r.mean_arterial_min_at_ms, r.mean_arterial_min_id) THEN excluded.mean_arterial_min_id ELSE r.mean_arterial_min_id END,
      mean_arterial_max = CASE WHEN r.mean_arterial_max IS NULL OR excluded.mean_arterial_max > r.mean_arterial_max OR (excluded.mean_arterial_max = r.mean_arterial_max AND (excluded.mean_arterial_max_at_ms, excluded.mean_arterial_max_id) < (r.mean_arterial_max_at_ms, r.mean_arterial_max_id)) THEN excluded.mean_arterial_max ELSE r.mean_arterial_max END,
      mean_arterial_max_at_ms = CASE WHEN r.mean_arterial_max IS NULL OR excluded.mean_arterial_max > r.mean_arterial_max OR (excluded.mean_arterial_max = r.mean_arterial_max AND (excluded.mean_arterial_max_at_ms, excluded.mean_arterial_max_id) < (r.mean_arterial_max_at_ms, r.mean_arterial_max_id)) THEN excluded.mean_arterial_max_at_ms ELSE r.mean_arterial_max_at_ms END,
      mean_arterial_max_id = CASE WHEN r.mean_arterial_max IS NULL OR excluded.mean_arterial_max > r.mean_arterial_max OR (excluded.mean_arterial_max = r.mean_arterial_max AND (excluded.mean_arterial_max_at_ms, excluded.mean_arterial_max_id) < (r.mean_arterial_max_at_ms, r.mean_arterial_max_id)) THEN excluded.mean_arterial_max_id ELSE r.mean_arterial_max_id END,
      spo2_n = r.spo2_n + excluded.spo2_n,
      spo2_min = CASE WHEN r.spo2_min IS NULL OR (excluded.spo2_min, excluded.spo2_min_at_ms, excluded.spo2_min_id) < (r.spo2_min, r.spo2_min_at_ms, r.spo2_min_id) THEN excluded.spo2_min ELSE r.spo2_min END,
      spo2_min_at_ms = CASE WHEN r.spo2_min IS NULL OR (excluded.spo2_min, excluded.spo2_min_at_ms, excluded.spo2_min_id) < (r.spo2_min, r.spo2_min_at_ms, r.spo2_min_id) THEN excluded.spo2_min_at_ms ELSE r.spo2_min_at_ms END,
      spo2_min_id = CASE WHEN r.spo2_min IS NULL OR (excluded.spo2_min, excluded.spo2_min_at_ms, excluded.spo2_min_id) < (r.spo2_min, r.spo2_min_at_ms, r.spo2_min_id) THEN excluded.spo2_min_id ELSE r.spo2_min_id END,
      spo2_max = CASE WHEN r.spo2_max IS NULL OR excluded.spo2_max > r.spo2_max OR (excluded.spo2_max = r.spo2_max AND (excluded.spo2_max_at_ms, excluded.spo2_max_id) < (r.spo2_max_at_ms, r.spo2_max_id)) THEN excluded.spo2_max ELSE r.spo2_max END,
      spo2_max_at_ms = CASE WHEN r.spo2_max IS NULL OR excluded.spo2_max > r.spo2_max OR (excluded.spo2_max = r.spo2_max AND (excluded.spo2_max_at_ms, excluded.spo2_max_id) < (r.spo2_max_at_ms, r.spo2_max_id)) THEN excluded.spo2_max_at_ms ELSE r.spo2_max_at_ms END,
      spo2_max_id = CASE WHEN r.spo2_max IS NULL OR excluded.spo2_max > r.spo2_max OR (excluded.spo2_max = r.spo2_max AND (excluded.spo2_max_at_ms, excluded.spo2_max_id) < (r.spo2_max_at_ms, r.spo2_max_id)) THEN excluded.spo2_max_id ELSE r.spo2_max_id END,
      oxygen_top_rank = CASE WHEN (excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) > (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) OR ((excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) = (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) AND (excluded.oxygen_top_at_ms, excluded.oxygen_top_id) < (r.oxygen_top_at_ms, r.oxygen_top_id)) THEN excluded.oxygen_top_rank ELSE r.oxygen_top_rank END,
      oxygen_top_device = CASE WHEN (excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) > (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) OR ((excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) = (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) AND (excluded.oxygen_top_at_ms, excluded.oxygen_top_id) < (r.oxygen_top_at_ms, r.oxygen_top_id)) THEN excluded.oxygen_top_device ELSE r.oxygen_top_device END,
      oxygen_top_flow_lpm = CASE WHEN (excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) > (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) OR ((excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) = (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) AND (excluded.oxygen_top_at_ms, excluded.oxygen_top_id) < (r.oxygen_top_at_ms, r.oxygen_top_id)) THEN excluded.oxygen_top_flow_lpm ELSE r.oxygen_top_flow_lpm END,
      oxygen_top_at_ms = CASE WHEN (excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) > (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) OR ((excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) = (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) AND (excluded.oxygen_top_at_ms, excluded.oxygen_top_id) < (r.oxygen_top_at_ms, r.oxygen_top_id)) THEN excluded.oxygen_top_at_ms ELSE r.oxygen_top_at_ms END,
      oxygen_top_id = CASE WHEN (excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) > (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) OR ((excluded.oxygen_top_rank, coalesce(excluded.oxygen_top_flow_lpm, -1)) = (r.oxygen_top_rank, coalesce(r.oxygen_top_flow_lpm, -1)) AND (excluded.oxygen_top_at_ms, excluded.oxygen_top_id) < (r.oxygen_top_at_ms, r.oxygen_top_id)) THEN excluded.oxygen_top_id ELSE r.oxygen_top_id END,
      oxygen_first_device = CASE WHEN (excluded.oxygen_first_at_ms, excluded.oxygen_first_id) < (r.oxygen_first_at_ms, r.oxygen_first_id) THEN excluded.oxygen_first_device ELSE r.oxygen_first_device END,
      oxygen_first_flow_lpm = CASE WHEN (excluded.oxygen_first_at_ms, excluded.oxygen_first_id) < (r.oxygen_first_at_ms, r.oxygen_first_id) THEN excluded.oxygen_first_flow_lpm ELSE r.oxygen_first_flow_lpm END,
      oxygen_first_at_ms = CASE WHEN (excluded.oxygen_first_at_ms, excluded.oxygen_first_id) < (r.oxygen_first_at_ms, r.oxygen_first_id) THEN excluded.oxygen_first_at_ms ELSE r.oxygen_first_at_ms END,
      oxygen_first_id = CASE WHEN (excluded.oxygen_first_at_ms, excluded.oxygen_first_id) < (r.oxygen_first_at_ms, r.oxygen_first_id) THEN excluded.oxygen_first_id ELSE r.oxygen_first_id END,
      oxygen_last_device = CASE WHEN (excluded.oxygen_last_at_ms, excluded.oxygen_last_id) > (r.oxygen_last_at_ms, r.oxygen_last_id) THEN excluded.oxygen_last_device ELSE r.oxygen_last_device END,
      oxygen_last_flow_lpm = CASE WHEN (excluded.oxygen_last_at_ms, excluded.oxygen_last_id) > (r.oxygen_last_at_ms, r.oxygen_last_id) THEN excluded.oxygen_last_flow_lpm ELSE r.oxygen_last_flow_lpm END,
      oxygen_last_at_ms = CASE WHEN (excluded.oxygen_last_at_ms, excluded.oxygen_last_id) > (r.oxygen_last_at_ms, r.oxygen_last_id) THEN excluded.oxygen_last_at_ms ELSE r.oxygen_last_at_ms END,
      oxygen_last_id = CASE WHEN (excluded.oxygen_last_at_ms, excluded.oxygen_last_id) > (r.oxygen_last_at_ms, r.oxygen_last_id) THEN excluded.oxygen_last_id ELSE r.oxygen_last_id END;
  RETURN NEW;
END;
$$;

CREATE TRIGGER vital_rollup_feed_fold INSTEAD OF INSERT ON vital_rollup_feed
  FOR EACH ROW EXECUTE FUNCTION vital_rollup_feed_fold();

CREATE FUNCTION vital_rollups_charted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO vital_rollup_feed
  VALUES (NEW.id, NEW.patient_id, NEW.taken_at_ms, NEW.temperature_c, NEW.heart_rate, NEW.systolic,
    NEW.mean_arterial, NEW.spo2, NEW.oxygen_device, NEW.oxygen_flow_lpm);
  RETURN NULL;
END;
$$;

CREATE TRIGGER vital_rollups_charted AFTER INSERT ON vital_sets
  FOR EACH ROW EXECUTE FUNCTION vital_rollups_charted();

-- A vital marked entered-in-error: its hour is rebuilt from the rows still valid (a minimum or
-- maximum cannot be "un-folded"). The feed skips the corrected row; an hour left with no valid
-- row keeps no rollup row.
CREATE FUNCTION vital_rollups_corrected() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vital_rollups
  WHERE (patient_id, hour_ms) =
    (SELECT patient_id, taken_at_ms - taken_at_ms % 3600000 FROM vital_sets WHERE id = NEW.fact_id);
  INSERT INTO vital_rollup_feed
  SELECT v.id, v.patient_id, v.taken_at_ms, v.temperature_c, v.heart_rate, v.systolic, v.mean_arterial,
    v.spo2, v.oxygen_device, v.oxygen_flow_lpm
  FROM vital_sets AS hit JOIN vital_sets AS v
    ON v.patient_id = hit.patient_id
    AND v.taken_at_ms >= hit.taken_at_ms - hit.taken_at_ms % 3600000
    AND v.taken_at_ms < hit.taken_at_ms - hit.taken_at_ms % 3600000 + 3600000
  WHERE hit.id = NEW.fact_id
  ORDER BY v.taken_at_ms, v.id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER vital_rollups_corrected AFTER INSERT ON corrections
  FOR EACH ROW WHEN (NEW.fact_table = 'vital_sets') EXECUTE FUNCTION vital_rollups_corrected();

-- Backfill: every vital set charted before this migration, in index order.
INSERT INTO vital_rollup_feed
SELECT id, patient_id, taken_at_ms, temperature_c, heart_rate, systolic, mean_arterial, spo2,
  oxygen_device, oxygen_flow_lpm
FROM vital_sets
ORDER BY patient_id, taken_at_ms, id;
