import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './helpers.ts';
import { chartIecHsLabs, chartRetreatmentCourse, chartToxicityCourse } from './toxicity-course.ts';

/**
 * The AdverseEvent export validated against HL7's FHIR R4 JSON schema (fhir.schema.json, JSON
 * Schema draft-06, http://hl7.org/fhir/R4/fhir.schema.json.zip, CC0), committed whole as
 * fixtures/fhir/fhir-r4.schema.json (provenance in fixtures/fhir/README.md), every resource on
 * its own and the Bundle as a whole.
 */
const require = createRequire(import.meta.url);
const fhirSchema = JSON.parse(
  readFileSync(new URL('./fixtures/fhir/fhir-r4.schema.json', import.meta.url), 'utf8'),
) as { id: string } & Record<string, unknown>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json');
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
// The file names itself with draft-04's `id` (http://hl7.org/fhir/json-schema/4.0), which ajv 8
// refuses: the same name is given as `$id`.
const { id: schemaId, ...fhirDefinitions } = fhirSchema;
ajv.addSchema({ ...fhirDefinitions, $id: schemaId });
const validAdverseEvent = ajv.getSchema(`${schemaId}#/definitions/AdverseEvent`);
const validBundle = ajv.getSchema(`${schemaId}#/definitions/Bundle`);

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});

describe('FHIR R4 AdverseEvent export (after mCODE CTCAdverseEvent)', () => {
  it('exports every CRS, ICANS, ICAHT and LICATS episode, each valid against the R4 JSON schema', async () => {
    const { id, hema } = await chartToxicityCourse(api);
    const res = await api.request('GET', `/api/patients/${id}/fhir/adverse-events`, { cookie: hema });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    const bundle = await res.json();
    expect(validBundle?.(bundle), JSON.stringify(validBundle?.errors)).toBe(true);
    const resources = bundle.entry.map((e: { resource: unknown }) => e.resource);
    for (const r of resources) {
      expect(validAdverseEvent?.(r), JSON.stringify(validAdverseEvent?.errors)).toBe(true);
    }
    const byKind = (code: string) =>
      resources.filter((r: { event: { coding: { code: string }[] } }) => r.event.coding[0]?.code === code);
    const [crs] = byKind('CRS');
    expect(crs).toMatchObject({
      resourceType: 'AdverseEvent',
      meta: { profile: ['http://hl7.org/fhir/us/ctcae/StructureDefinition/ctc-adverse-event'] },
      actuality: 'actual',
      subject: { reference: `Patient/${id}` },
      seriousness: { coding: [{ code: 'non-serious' }] },
      outcome: { coding: [{ code: 'resolved' }] },
    });
    const grade = crs.extension.find((e: { url: string }) => e.url.endsWith('ctcae-grade'));
    expect(grade.valueCodeableConcept.coding[0]).toMatchObject({
      system: 'urn:cellwatch:grading:astct-crs',
      version: '2019',
      code: '1',
    });
    expect(crs.extension.some((e: { url: string }) => e.url.endsWith('adverse-event-resolved-date'))).toBe(
      true,
    );
    expect(byKind('ICANS')).toHaveLength(1);
    const [icaht] = byKind('ICAHT');
    expect(icaht).toMatchObject({ outcome: { coding: [{ code: 'resolved' }] } });
    expect(icaht.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byKind('LICATS')[0]).toMatchObject({ event: { text: expect.stringContaining('skin') } });
    // The validator is not a rubber stamp: a resource without its subject is refused.
    const { subject: _, ...withoutSubject } = crs;
    expect(validAdverseEvent?.(withoutSubject)).toBe(false);
  });

  it('exports a suspected IEC-HS (watch signal) ungraded, valid against the R4 JSON schema', async () => {
    const { id, coord, hema } = await chartToxicityCourse(api);
    const collectedAt = new Date(api.now() - 3_600_000).toISOString();
    await chartIecHsLabs(api, id, coord, collectedAt);
    const res = await api.request('GET', `/api/patients/${id}/fhir/adverse-events`, { cookie: hema });
    const bundle = await res.json();
    expect(validBundle?.(bundle), JSON.stringify(validBundle?.errors)).toBe(true);
    const iecHs = bundle.entry
      .map((e: { resource: { event: { coding: { code: string }[] } } }) => e.resource)
      .filter((r: { event: { coding: { code: string }[] } }) => r.event.coding[0]?.code === 'IEC-HS');
    expect(iecHs).toHaveLength(1);
    expect(validAdverseEvent?.(iecHs[0]), JSON.stringify(validAdverseEvent?.errors)).toBe(true);
    expect(iecHs[0]).toMatchObject({
      id: 'iec-hs-suspected',
      date: collectedAt,
      outcome: { coding: [{ code: 'ongoing' }] },
      event: { text: expect.stringContaining('watch signal') },
    });
    expect(iecHs[0].extension.some((e: { url: string }) => e.url.endsWith('ctcae-grade'))).toBe(false);
  });

  it('a re-treated patient: each event names the infusion it followed; each infusion has its own early ICAHT', async () => {
    const { id, hema } = await chartRetreatmentCourse(api);
    const res = await api.request('GET', `/api/patients/${id}/fhir/adverse-events`, { cookie: hema });
    expect(res.status).toBe(200);
    const bundle = await res.json();
    expect(validBundle?.(bundle), JSON.stringify(validBundle?.errors)).toBe(true);
    type Resource = {
      id: string;
      event: { coding: { code: string }[] };
      extension: {
        url: string;
        valueInteger?: number;
        valueCodeableConcept?: { coding: { code: string }[] };
      }[];
      suspectEntity?: { instance: { display: string } }[];
      date: string;
    };
    const resources: Resource[] = bundle.entry.map((e: { resource: Resource }) => e.resource);
    for (const r of resources) {
      expect(validAdverseEvent?.(r), JSON.stringify(validAdverseEvent?.errors)).toBe(true);
    }
    const infusionOf = (r: Resource) =>
      r.extension.find((e) => e.url === 'urn:cellwatch:fhir:infusion-episode')?.valueInteger;
    const gradeOf = (r: Resource) =>
      r.extension.find((e) => e.url.endsWith('ctcae-grade'))?.valueCodeableConcept?.coding[0]?.code;
    const summary = resources.map((r) => [r.event.coding[0]?.code, infusionOf(r), gradeOf(r)]);
    expect(summary).toEqual([
      ['CRS', 1, '1'],
      ['CRS', 2, '2'],
      ['ICANS', 1, '1'],
      ['ICAHT', 1, expect.any(String)],
      ['ICAHT', 2, '1'],
      ['LICATS', 1, '1'],
    ]);
    const [, secondCrs] = resources;
    expect(secondCrs?.suspectEntity?.[0]?.instance.display).toMatch(
      /^Infusion 2: CD19-BCMA dual CAR-T, Day 0 \d{4}-\d{2}-\d{2}$/,
    );
    expect(resources.map((r) => r.id)).toContain('icaht-early-infusion-2');
    expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
  });

  it('is for hematologists and coordinators, as the FHIR export is', async () => {
    const { id, nurse } = await chartToxicityCourse(api);
    const res = await api.request('GET', `/api/patients/${id}/fhir/adverse-events`, { cookie: nurse });
    expect(res.status).toBe(403);
  });
});
