import type { TimelineSeries as Series, Timeline } from '@cellwatch/contracts';
import { ReferenceArea, ReferenceLine } from 'recharts';
import { oxygenLabel } from './clinical-ui.tsx';
import { COLORS, points, TimelineChart, toDay } from './TimelineChart.tsx';

const STEROIDS = new Set(['dexamethasone', 'methylprednisolone', 'hydrocortisone', 'prednisolone']);
/**
 * The timeline's charts over one range: vitals, vasopressor and oxygen spans, grades with
 * tocilizumab and steroid markers, inflammation markers and blood counts.
 */
export function TimelineCharts({ data, from, to }: { data: Timeline; from: number; to: number }) {
  const infusion = data.infusionAt ?? 0;
  const pts = (s: Series) => points(s, infusion, from, to);
  const domain: [number, number] = [from, to];
  const oxygenBands = data.oxygen
    .filter((o) => o.device !== 'room_air')
    .map((o) => ({
      ...o,
      x1: Math.max(from, toDay(o.from, infusion)),
      x2: Math.min(to, Math.max(toDay(o.to, infusion), toDay(o.from, infusion) + 0.1)),
    }))
    .filter((o) => o.x2 > o.x1);
  const nowDay = toDay(Date.now(), infusion);
  const vaso = data.vasopressors
    .map((v) => ({
      ...v,
      x1: Math.max(from, toDay(v.from, infusion)),
      x2: Math.min(to, v.to === null ? nowDay : toDay(v.to, infusion)),
    }))
    .filter((v) => v.x2 > v.x1);
  const meds = data.medications
    .filter((m) => m.drug === 'tocilizumab' || STEROIDS.has(m.drug))
    .map((m) => ({ ...m, day: toDay(m.t, infusion) }))
    .filter((m) => m.day >= from && m.day <= to);
  const stepPoints = (steps: Timeline['grades']['crs']) => {
    const all = [{ day: 0, value: 0 }, ...steps.map((s) => ({ day: toDay(s.t, infusion), value: s.grade }))];
    const before = all.filter((p) => p.day < from).at(-1);
    const inside = all.filter((p) => p.day >= from && p.day <= to);
    const start = before ? [{ day: from, value: before.value }] : [];
    const last = [...start, ...inside].at(-1);
    return last
      ? [...start, ...inside, { day: Math.min(to, toDay(Date.now(), infusion)), value: last.value }]
      : [];
  };
  return (
    <div className="charts">
      <TimelineChart
        title="Temperature"
        summary="fever line at 38 °C"
        lines={[{ name: 'Temperature', unit: '°C', color: COLORS.b, data: pts(data.vitals.temperatureC) }]}
        domain={domain}
        yDomain={[35, 41]}
        yTicks={[35, 36, 37, 38, 39, 40, 41]}
      >
        <ReferenceLine yAxisId="left" y={38} stroke={COLORS.ref} strokeDasharray="6 3" label="38 °C" />
      </TimelineChart>
      <TimelineChart
        title="Heart rate"
        summary="beats per minute"
        lines={[{ name: 'Heart rate', unit: '/min', color: COLORS.c, data: pts(data.vitals.heartRate) }]}
        domain={domain}
      />
      <TimelineChart
        title="Blood pressure and vasopressors"
        summary="systolic and mean arterial pressure, 90 mmHg line, shaded spans while a vasopressor runs"
        lines={[
          { name: 'Systolic', unit: 'mmHg', color: COLORS.a, data: pts(data.vitals.systolic) },
          {
            name: 'Mean arterial',
            unit: 'mmHg',
            color: COLORS.c,
            data: pts(data.vitals.meanArterial),
            dash: '5 3',
          },
        ]}
        domain={domain}
      >
        {vaso.map((v) => (
          <ReferenceArea
            key={v.id}
            yAxisId="left"
            x1={v.x1}
            x2={v.x2}
            fill={COLORS.vaso}
            fillOpacity={0.15}
            label={{ value: v.drug, position: 'insideTopLeft', fill: '#8a96a3' }}
          />
        ))}
        <ReferenceLine yAxisId="left" y={90} stroke={COLORS.ref} strokeDasharray="6 3" label="90 mmHg" />
      </TimelineChart>
      <TimelineChart
        title="SpO2 and oxygen support"
        summary="oxygen saturation; shaded bands while on oxygen"
        lines={[{ name: 'SpO2', unit: '%', color: COLORS.a, data: pts(data.vitals.spo2) }]}
        domain={domain}
        yDomain={[80, 100]}
      >
        {oxygenBands.map((o) => (
          <ReferenceArea
            key={`${o.from}-${o.device}`}
            yAxisId="left"
            x1={o.x1}
            x2={o.x2}
            fill={COLORS.band}
            fillOpacity={0.18}
            label={{ value: oxygenLabel(o.device, o.flowLpm), position: 'insideBottomLeft', fill: '#8a96a3' }}
          />
        ))}
      </TimelineChart>
      <TimelineChart
        title="CRS and ICANS grades, tocilizumab (T) and steroids (S)"
        summary="grade steps with medication markers"
        lines={[
          { name: 'CRS grade', unit: '0–5', color: COLORS.b, data: stepPoints(data.grades.crs), step: true },
          {
            name: 'ICANS grade',
            unit: '0–5',
            color: COLORS.c,
            data: stepPoints(data.grades.icans),
            step: true,
            dash: '6 3',
          },
        ]}
        domain={domain}
        yDomain={[0, 5]}
        yTicks={[0, 1, 2, 3, 4, 5]}
        height={150}
      >
        {meds.map((m) => (
          <ReferenceLine
            key={m.id}
            yAxisId="left"
            x={m.day}
            stroke={m.drug === 'tocilizumab' ? COLORS.a : COLORS.vaso}
            label={{ value: m.drug === 'tocilizumab' ? 'T' : 'S', position: 'top', fill: '#8a96a3' }}
          />
        ))}
      </TimelineChart>
      <TimelineChart
        title="Inflammation markers"
        summary="CRP and IL-6 on the left axis, ferritin on the right"
        lines={[
          { name: 'CRP', unit: 'mg/L', color: COLORS.b, data: pts(data.labs.crp), dots: true },
          { name: 'IL-6', unit: 'pg/mL', color: COLORS.c, data: pts(data.labs.il6), dash: '2 2', dots: true },
          {
            name: 'Ferritin',
            unit: 'ng/mL',
            color: COLORS.a,
            data: pts(data.labs.ferritin),
            axis: 'right',
            dots: true,
          },
        ]}
        domain={domain}
        yDomain={[0, 'auto']}
        rightAxis
      />
      <TimelineChart
        title="Blood counts"
        summary="ANC on the left axis with a 500 per microlitre line, platelets on the right"
        lines={[
          { name: 'ANC', unit: '/µL', color: COLORS.a, data: pts(data.labs.anc), dots: true },
          {
            name: 'Platelets',
            unit: '×10³/µL',
            color: COLORS.b,
            data: pts(data.labs.platelets),
            axis: 'right',
            dots: true,
          },
        ]}
        domain={domain}
        yDomain={[0, 'auto']}
        rightAxis
      >
        <ReferenceLine yAxisId="left" y={500} stroke={COLORS.ref} strokeDasharray="6 3" label="ANC 500" />
      </TimelineChart>
    </div>
  );
}
