import type { CohortSummary, GradeCount } from '@cellwatch/contracts';
import { TableScroller } from '../ui/TableScroller.tsx';
import { countPercent, percentOf, shareOf } from './format.ts';

const GRADES = [0, 1, 2, 3, 4, 5] as const;

function SyndromeRow({ label, grades, patients }: { label: string; grades: GradeCount[]; patients: number }) {
  const count = (grade: number) => grades.find((g) => g.grade === grade);
  const anyGrade = grades.filter((g) => g.grade >= 1).reduce((sum, g) => sum + g.count, 0);
  const severe = grades.filter((g) => g.grade >= 3).reduce((sum, g) => sum + g.count, 0);
  return (
    <tr>
      <th scope="row">{label}</th>
      {GRADES.map((grade) => (
        <td key={grade} className="num">
          {/* A grade the scale does not have (ICAHT stops at 4) */}
          {count(grade) ? countPercent(count(grade)?.count ?? 0, count(grade)?.percent ?? 0) : '—'}
        </td>
      ))}
      <td className="num report-summary__total">{countPercent(anyGrade, percentOf(anyGrade, patients))}</td>
      <td className="num report-summary__total">{countPercent(severe, percentOf(severe, patients))}</td>
    </tr>
  );
}

/**
 * Patients by maximum CRS and ICANS grade (ASTCT 2019) and early ICAHT grade (EHA/EBMT 2023),
 * n (%), as a published series tabulates them.
 */
export function CohortSummaryTable({ summary }: { summary: CohortSummary }) {
  const { patients, tocilizumab, steroids, icahtNotAssessed, signOff } = summary;
  return (
    <>
      <TableScroller label="Cohort summary">
        <table className="table table--dense report-table report-summary">
          <caption className="visually-hidden">
            Patients by maximum CRS, ICANS and early ICAHT grade, number (percent) of {patients} infused
            patients
          </caption>
          <thead>
            <tr>
              <th scope="col">n = {patients}</th>
              <th scope="col" className="num">
                None
              </th>
              {GRADES.slice(1).map((grade) => (
                <th key={grade} scope="col" className="num">
                  Grade {grade}
                </th>
              ))}
              <th scope="col" className="num">
                Any grade
              </th>
              <th scope="col" className="num">
                Grade 3 or higher
              </th>
            </tr>
          </thead>
          <tbody>
            <SyndromeRow label="CRS" grades={summary.crs} patients={patients} />
            <SyndromeRow label="ICANS" grades={summary.icans} patients={patients} />
            <SyndromeRow label="Early ICAHT" grades={summary.icaht} patients={patients} />
          </tbody>
        </table>
      </TableScroller>
      <p className="muted report-note">
        Patients, n (%). Tocilizumab given to {shareOf(tocilizumab.patients, patients)}; corticosteroids to{' '}
        {shareOf(steroids.patients, patients)}. Early ICAHT not assessed (no ANC results) in{' '}
        {shareOf(icahtNotAssessed.count, patients)}.
      </p>
      <p className="muted report-note">
        CRS and ICANS maxima count each grade step at the grade a hematologist signed, where signed. The
        computed maximum differs for {shareOf(signOff.patientsWithOverriddenMaximum.crs, patients)} (CRS) and{' '}
        {shareOf(signOff.patientsWithOverriddenMaximum.icans, patients)} (ICANS); grade steps still unsigned
        for {shareOf(signOff.patientsWithStepsAwaitingReview.crs, patients)} (CRS) and{' '}
        {shareOf(signOff.patientsWithStepsAwaitingReview.icans, patients)} (ICANS).
      </p>
    </>
  );
}
