-- Oxygen given for comfort only (not for a low saturation) is not counted as hypoxia in CRS
-- grading (ASTCT 2019, Lee et al. 2019): a vital set's oxygen can be marked so. NULL on the rows
-- charted before this column: they were graded as an oxygen requirement, and still are.
ALTER TABLE vital_sets ADD COLUMN oxygen_for_comfort INTEGER CHECK (oxygen_for_comfort IN (0, 1));
