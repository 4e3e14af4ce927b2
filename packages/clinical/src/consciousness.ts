/**
 * Level of consciousness as the ICANS grading table charts it (ASTCT 2019, Lee DW et al., Biol
 * Blood Marrow Transplant 2019;25:625–638; shared/clinical-reference.md): grade 1 awakens
 * spontaneously, 2 to voice, 3 only to tactile stimulus, 4 unarousable. Its own file so the ICANS
 * grading (icans.ts) and the "ICE not performed" rules (not-performed.ts) share it.
 */
export type Consciousness =
  | 'normal'
  | 'awakens_spontaneously'
  | 'awakens_to_voice'
  | 'awakens_to_touch'
  | 'unarousable';
