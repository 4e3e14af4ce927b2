/**
 * Version of the rule set that produced a grade. Stored with every derived grade so that a grade can
 * always be traced to the rules in force when it was computed (regulatory frame in
 * shared/clinical-reference.md: "every grade shows … the rule and its version").
 * Bump the cellwatch part whenever an interpretation documented in README.md changes.
 */
export const RULE_VERSION = 'ASTCT-2019/cellwatch-3';
