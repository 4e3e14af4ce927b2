-- Placeholder: number 017 is taken by another branch (disease scores). Migrations must be
-- numbered without gaps, so this empty step keeps 018 runnable on its own; at merge the other
-- branch's 017 replaces this file.
SELECT 1;
