import type { ToxicityReportRow } from '@cellwatch/contracts';
import { Link } from 'react-router';
import { formatCalendarDate } from '../format/time.ts';
import { TableScroller } from '../ui/TableScroller.tsx';
import { durationText, gradeText, onsetText, withUnit } from './format.ts';

/** An empty cell says so in words for screen readers and shows a dash on screen and paper. */
function Cell({ children, num = false }: { children: string | null; num?: boolean }) {
  // A grade, a study day or a duration is kept on one line.
  return (
    <td className={num ? 'num nowrap' : 'nowrap'}>
      {children ?? (
        <>
          <span aria-hidden="true">—</span>
          <span className="visually-hidden">none</span>
        </>
      )}
    </td>
  );
}

/**
 * The maximum as signed (each step at its signed grade where signed), with the computed one
 * beside it when a hematologist's override made them differ. Unsigned steps are counted in the
 * CSV and the cohort note.
 */
function maxGradeText(grade: number, computed: number): string {
  return computed !== grade
    ? `${gradeText(grade)} (signed; computed ${gradeText(computed)})`
    : gradeText(grade);
}

function SyndromeCells({
  grade,
  computed,
  onset,
  duration,
}: {
  grade: number;
  computed: number;
  onset: number | null;
  duration: number | null;
}) {
  return (
    <>
      <Cell>{maxGradeText(grade, computed)}</Cell>
      <Cell>{onsetText(onset)}</Cell>
      <Cell num>{durationText(duration)}</Cell>
    </>
  );
}

const LEADING = ['Patient (MRN)', 'Diagnosis', 'Product', 'Trial', 'Day 0'] as const;
const SYNDROMES = ['CRS', 'ICANS'] as const;
const TRAILING = [
  { label: 'Tocilizumab', num: true },
  { label: 'Steroids', num: false },
  { label: 'Early ICAHT', num: false },
  { label: 'B-cell aplasia', num: true },
  { label: 'IVIG', num: true },
  { label: 'Infections', num: true },
  { label: 'LICATS', num: false },
] as const;

/** One row per infused patient with every column of the CSV, CRS and ICANS grouped as in trial tables. */
export function ToxicityTable({ rows }: { rows: ToxicityReportRow[] }) {
  return (
    <TableScroller label="Toxicity per patient">
      <table className="table table--dense report-table report-patients">
        <caption className="visually-hidden">
          Toxicity per infused patient: CRS and ICANS (ASTCT 2019), treatments, early ICAHT, B-cell aplasia,
          IVIG, infections and LICATS
        </caption>
        <colgroup span={LEADING.length} />
        <colgroup span={3} />
        <colgroup span={3} />
        <colgroup span={TRAILING.length} />
        <thead>
          <tr>
            {LEADING.map((label) => (
              <th key={label} scope="col" rowSpan={2}>
                {label}
              </th>
            ))}
            {SYNDROMES.map((syndrome) => (
              <th key={syndrome} scope="colgroup" colSpan={3} className="report-group">
                {syndrome}
              </th>
            ))}
            {TRAILING.map(({ label, num }) => (
              <th key={label} scope="col" rowSpan={2} className={num ? 'num' : undefined}>
                {label}
              </th>
            ))}
          </tr>
          <tr>
            {SYNDROMES.flatMap((syndrome) => [
              <th key={`${syndrome}-grade`} scope="col">
                Max grade
              </th>,
              <th key={`${syndrome}-onset`} scope="col">
                Onset
              </th>,
              <th key={`${syndrome}-duration`} scope="col" className="num">
                Duration
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.patientId}>
              <th scope="row" className="nowrap">
                <Link to={`/patients/${row.patientId}`}>{row.mrn}</Link>
              </th>
              <td>{row.diagnosis}</td>
              <td>{row.product}</td>
              <Cell>{row.trialId}</Cell>
              <td className="nowrap">{row.day0 ? formatCalendarDate(row.day0) : 'Not infused'}</td>
              <SyndromeCells
                grade={row.crsMaxGrade}
                computed={row.crsMaxGradeComputed}
                onset={row.crsOnsetDay}
                duration={row.crsDurationDays}
              />
              <SyndromeCells
                grade={row.icansMaxGrade}
                computed={row.icansMaxGradeComputed}
                onset={row.icansOnsetDay}
                duration={row.icansDurationDays}
              />
              <td className="num">{withUnit(row.tocilizumabDoses, 'dose')}</td>
              <Cell>{row.steroidUse ? 'Yes' : 'No'}</Cell>
              <td>{gradeText(row.icahtGrade, 'No ANC results')}</td>
              <td className="num">
                {row.bCellAplasiaDays === null ? 'None recorded' : withUnit(row.bCellAplasiaDays, 'day')}
              </td>
              <td className="num">{withUnit(row.ivigDoses, 'dose')}</td>
              <td className="num">{withUnit(row.infections, 'infection')}</td>
              <Cell>{gradeText(row.licatsMaxGrade, 'None')}</Cell>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}
