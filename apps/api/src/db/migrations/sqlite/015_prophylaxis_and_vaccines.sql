-- Reserved: migration 015 belongs to the prophylaxis and revaccination work (issue 17), on its own
-- branch. Migrations are numbered without gaps (migrator.ts), so this empty file holds the number
-- until that branch's file of the same name replaces it; it changes nothing.
SELECT 1;
