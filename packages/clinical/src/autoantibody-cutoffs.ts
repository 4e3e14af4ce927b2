/**
 * Assay cut-offs of the key disease autoantibodies: below the cut-off a result is negative.
 *
 * The key autoantibody per disease is from shared/clinical-reference.md, "Who is treated, with
 * what" (anti-dsDNA, anti-Jo-1/anti-Mi2, anti-Scl-70, anti-MuSK, anti-Dsg3). A result is charted
 * as a number in the autoantibody analyte's unit (labs.ts, [arb'U]/mL; U/mL and IU/mL accepted
 * 1:1) without its assay's cut-off, so the follow-up needs one per antibody to tell positive from
 * negative; without it every result is unclassified and the course has no status.
 *
 * Defaults, each the upper limit of the negative range of a widely used quantitative assay (its
 * manufacturer's reference interval, as laboratories publish it):
 * - anti-dsDNA: EliA dsDNA (Thermo Fisher Phadia), IU/mL: < 10 negative, 10–15 equivocal,
 *   > 15 positive.
 * - anti-Jo-1 and anti-Scl-70 (topoisomerase I): EliA Jo-1 and EliA Scl-70 (Thermo Fisher Phadia),
 *   U/mL: < 7 negative, 7–10 equivocal, > 10 positive.
 * - anti-Dsg3: MESACUP Desmoglein 3 ELISA (MBL), U/mL: < 20 negative (the kit's cut-off, the one
 *   pemphigus ELISA studies report against).
 * - anti-MuSK and anti-Mi2: no default. MuSK antibodies are measured by radioimmunoprecipitation
 *   (nmol/L), cell-based assay or ELISA on scales that do not compare; anti-Mi2 is mostly read
 *   from a line immunoassay (semi-quantitative). The site sets a cut-off, or the lab's negative
 *   flag decides.
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Autoantibody course"):
 * - An equivocal result counts as not negative (the cut-off is the top of the negative range), so
 *   seroconversion is reported only once a result is clearly negative.
 * - A site's own cut-off (its assay) replaces the default. Names match without regard to case,
 *   hyphens, spaces or a bracketed gloss ("anti-Scl-70 (topoisomerase I)" is anti-Scl-70).
 */

export const AUTOANTIBODY_CUTOFF_SOURCE =
  'assay reference intervals: EliA dsDNA, EliA Jo-1, EliA Scl-70 (Thermo Fisher Phadia); MESACUP Desmoglein 3 ELISA (MBL)';

export interface AutoantibodyCutoffDefault {
  /** The name shown, as in shared/clinical-reference.md. */
  antibody: string;
  /** Other names a chart may use (a missing "anti-" prefix is matched anyway). */
  aliases: readonly string[];
  /** Below this value is negative; null: no default (assay scales differ). */
  cutoff: number | null;
  unit: string | null;
  /** The assay the default comes from, or why there is none. */
  basis: string;
}

export const DEFAULT_AUTOANTIBODY_CUTOFFS: readonly AutoantibodyCutoffDefault[] = [
  {
    antibody: 'anti-dsDNA',
    aliases: ['anti-double-stranded DNA'],
    cutoff: 10,
    unit: 'IU/mL',
    basis: 'EliA dsDNA: below 10 IU/mL negative, 10–15 equivocal (not negative)',
  },
  {
    antibody: 'anti-Jo-1',
    aliases: ['anti-histidyl-tRNA synthetase'],
    cutoff: 7,
    unit: 'U/mL',
    basis: 'EliA Jo-1: below 7 U/mL negative, 7–10 equivocal (not negative)',
  },
  {
    antibody: 'anti-Scl-70',
    aliases: ['anti-topoisomerase I', 'anti-topo I'],
    cutoff: 7,
    unit: 'U/mL',
    basis: 'EliA Scl-70: below 7 U/mL negative, 7–10 equivocal (not negative)',
  },
  {
    antibody: 'anti-Dsg3',
    aliases: ['anti-desmoglein 3'],
    cutoff: 20,
    unit: 'U/mL',
    basis: 'MESACUP Desmoglein 3 ELISA: below 20 U/mL negative',
  },
  {
    antibody: 'anti-MuSK',
    aliases: ['anti-muscle-specific kinase'],
    cutoff: null,
    unit: null,
    basis:
      'no default cut-off for anti-MuSK (assays report on scales that do not compare): set the site cut-off or chart the lab flag',
  },
  {
    antibody: 'anti-Mi2',
    aliases: [],
    cutoff: null,
    unit: null,
    basis:
      'no default cut-off for anti-Mi2 (mostly a line immunoassay): set the site cut-off or chart the lab flag',
  },
];

/** The name without case, hyphens, spaces or a bracketed gloss: "Anti-Scl 70 (topo I)" → "antiscl70". */
export function autoantibodyKey(name: string): string {
  return name
    .replace(/\([^)]*\)/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^(?!anti)/, 'anti');
}

export interface ResolvedAutoantibodyCutoff {
  cutoff: number | null;
  /** Where the cut-off comes from (site setting or default assay), or why there is none. */
  basis: string;
}

/**
 * The cut-off for one antibody: the site's own (by name) first, else the default of
 * DEFAULT_AUTOANTIBODY_CUTOFFS, else none.
 */
export function autoantibodyCutoff(
  antibody: string,
  siteCutoffs: Readonly<Record<string, number>> = {},
): ResolvedAutoantibodyCutoff {
  const key = autoantibodyKey(antibody);
  for (const [name, cutoff] of Object.entries(siteCutoffs)) {
    if (autoantibodyKey(name) === key) return { cutoff, basis: `site cut-off ${cutoff} for ${name}` };
  }
  const known = DEFAULT_AUTOANTIBODY_CUTOFFS.find(
    (d) => autoantibodyKey(d.antibody) === key || d.aliases.some((a) => autoantibodyKey(a) === key),
  );
  if (!known) {
    return {
      cutoff: null,
      basis: `no default cut-off for ${antibody}: set the site cut-off or chart the lab flag`,
    };
  }
  return { cutoff: known.cutoff, basis: known.basis };
}
