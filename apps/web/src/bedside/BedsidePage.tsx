import { useState } from 'react';
import { Link } from 'react-router';
import { PatientHeader, usePatientId } from '../patient/PatientHeader.tsx';
import { IceForm } from './IceForm.tsx';
import { LabForm } from './LabForm.tsx';
import { MedicationForm } from './MedicationForm.tsx';
import { VasopressorPanel } from './VasopressorPanel.tsx';
import { VitalsForm } from './VitalsForm.tsx';
import '../patient/clinical-ui.css';
import '../patient/patient.css';
import './bedside.css';

const TABS = [
  { key: 'vitals', label: 'Vital signs' },
  { key: 'ice', label: 'ICE / neuro' },
  { key: 'meds', label: 'Medication' },
  { key: 'pressors', label: 'Vasopressors' },
  { key: 'labs', label: 'Labs' },
] as const;

export function BedsidePage() {
  const id = usePatientId();
  const [tab, setTab] = useState<(typeof TABS)[number]['key']>('vitals');
  if (id === null) return <p>There is no patient at this address.</p>;
  return (
    <section className="stack bedside" aria-label="Bedside charting">
      <p>
        <Link to={`/patients/${id}`}>← Patient overview</Link>
      </p>
      <PatientHeader patientId={id} />
      <nav className="bs-tabs" aria-label="What to chart">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            className={tab === t.key ? 'button button--primary' : 'button'}
            aria-pressed={tab === t.key}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      {tab === 'vitals' && <VitalsForm patientId={id} />}
      {tab === 'ice' && <IceForm patientId={id} />}
      {tab === 'meds' && <MedicationForm patientId={id} />}
      {tab === 'pressors' && <VasopressorPanel patientId={id} />}
      {tab === 'labs' && <LabForm patientId={id} />}
    </section>
  );
}
