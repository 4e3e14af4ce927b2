/** The ten ICE items as the bedside form labels them (ASTCT 2019 ICE score), in the form's order. */
export const ICE_ITEMS = [
  'Orientation: knows the year',
  'Orientation: knows the month',
  'Orientation: knows the city',
  'Orientation: knows the hospital',
  'Names object 1 (e.g. clock)',
  'Names object 2 (e.g. pen)',
  'Names object 3 (e.g. button)',
  'Follows simple commands ("show me 2 fingers")',
  'Writes a standard sentence',
  'Counts backwards from 100 by 10',
];
