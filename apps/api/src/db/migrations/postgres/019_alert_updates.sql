-- An open alert whose condition is still present but whose reason changed (a newer CD4 count, a
-- due date reached) shows the current message: when that last happened and how often, apart from
-- fire_count, which counts the times the rule really fired again (a new charted fact, a higher
-- severity). NULL and 0 on the alerts raised before: none was brought up to date.
-- (PostgreSQL 15 version of migrations/sqlite/019_alert_updates.sql.)
ALTER TABLE alerts ADD COLUMN updated_at text;
ALTER TABLE alerts ADD COLUMN update_count bigint NOT NULL DEFAULT 0;
