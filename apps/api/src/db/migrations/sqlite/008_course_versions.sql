-- Which version of each patient's charted course the stored grades were computed from. Every
-- write that regrades a patient advances it, in the same transaction. An API process keeps each
-- patient's course in memory and updates it incrementally; when the version it holds is not the
-- stored one (another process sharing the database charted for the patient since, or its own
-- transaction rolled back), it rebuilds the course from the charted facts instead.
CREATE TABLE course_versions (
  patient_id INTEGER PRIMARY KEY REFERENCES patients (id),
  version INTEGER NOT NULL
);
