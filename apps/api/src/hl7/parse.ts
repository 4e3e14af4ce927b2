/**
 * A small HL7 v2 reader for what bedside monitors send: ORU^R01 messages with MSH, PID, OBR and
 * OBX segments. Encoding characters come from MSH-1/MSH-2 (usually |^~\&); segments end with CR
 * (LF and CRLF are accepted too); several messages may arrive in one body, each starting at MSH.
 */
export interface Hl7Segment {
  name: string;
  /** fields[n] is HL7 field n (MSH counts MSH-1 as the field separator itself). */
  fields: string[];
}

export interface Hl7Message {
  segments: Hl7Segment[];
  separators: { field: string; component: string; repetition: string; escape: string; subcomponent: string };
  raw: string;
}

export class Hl7ParseError extends Error {}

export function splitMessages(body: string): string[] {
  // MLLP framing: a vertical tab (0x0B) opens a block and a file separator (0x1C) closes it.
  const VT = String.fromCharCode(0x0b);
  const FS = String.fromCharCode(0x1c);
  let text = body.replace(/\r\n|\n/g, '\r');
  if (text.startsWith(VT)) text = text.slice(1);
  if (text.endsWith(`${FS}\r`)) text = text.slice(0, -2);
  else if (text.endsWith(FS)) text = text.slice(0, -1);
  const starts = [...text.matchAll(/(^|\r)MSH/g)].map((m) => (m.index ?? 0) + (m[1] ? 1 : 0));
  return starts
    .map((start, i) => text.slice(start, starts[i + 1] ?? text.length).replace(/\r+$/, ''))
    .filter(Boolean);
}

export function parseMessage(raw: string): Hl7Message {
  if (!raw.startsWith('MSH') || raw.length < 8)
    throw new Hl7ParseError('message does not start with an MSH segment');
  const field = raw[3] as string;
  const [component = '^', repetition = '~', escapeChar = '\\', subcomponent = '&'] = raw
    .slice(4, 8)
    .split('');
  const segments = raw
    .split('\r')
    .filter((s) => s.trim().length)
    .map((line) => {
      const parts = line.split(field);
      const name = parts[0] as string;
      if (!/^[A-Z][A-Z0-9]{2}$/.test(name))
        throw new Hl7ParseError(`"${name.slice(0, 10)}" is not a segment name`);
      // MSH-1 is the field separator itself, so MSH fields are shifted by one.
      const fields = name === 'MSH' ? ['MSH', field, ...parts.slice(1)] : parts;
      return { name, fields };
    });
  return { segments, separators: { field, component, repetition, escape: escapeChar, subcomponent }, raw };
}

export const fieldOf = (segment: Hl7Segment | undefined, n: number): string => segment?.fields[n] ?? '';
export const componentOf = (value: string, n: number, sep = '^'): string => value.split(sep)[n - 1] ?? '';

/** HL7 TS (YYYYMMDDHHMM[SS[.S]][+/-ZZZZ]) → epoch ms; a time without an offset is read as UTC. */
export function parseHl7Time(ts: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(ts.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${offset ? `${offset.slice(0, 3)}:${offset.slice(3)}` : 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * HL7 NM (numeric): an optional sign, digits and an optional decimal point, nothing else
 * (HL7 v2.5 §2.A.47). `Number()` would also take "0x50" (80), "1e3", "" (0) and padded spaces.
 */
export function parseHl7Number(value: string): number | null {
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : null;
}

/** The standard encoding characters CellWatch writes its ACKs with. */
export const STANDARD_SEPARATORS = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/** Text → HL7 escaped text (§2.7): delimiters as \F\ \S\ \R\ \T\ \E\, line breaks and other control characters dropped. */
export function escapeHl7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\E\\';
    else if (ch === '|') out += '\\F\\';
    else if (ch === '^') out += '\\S\\';
    else if (ch === '&') out += '\\T\\';
    else if (ch === '~') out += '\\R\\';
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) out += ' ';
    else out += ch;
  }
  return out;
}

/** HL7 escaped text in the message's own encoding → plain text (unknown escapes are kept as they are). */
export function unescapeHl7(value: string, seps: Hl7Message['separators']): string {
  const e = seps.escape;
  if (!e || !value.includes(e)) return value;
  const map: Record<string, string> = {
    F: seps.field,
    S: seps.component,
    T: seps.subcomponent,
    R: seps.repetition,
    E: seps.escape,
  };
  const re = new RegExp(
    `${e.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}([FSTRE])${e.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`,
    'g',
  );
  return value.replace(re, (_m, code: string) => map[code] ?? '');
}

/**
 * A field of a received message re-encoded with the standard separators for an ACK: its
 * components and subcomponents kept, every piece unescaped from the sender's encoding and
 * escaped again in ours, so nothing it holds can end a field or a segment of the ACK.
 */
export function reencodeField(value: string, seps: Hl7Message['separators']): string {
  return value
    .split(seps.component)
    .map((component) =>
      component
        .split(seps.subcomponent)
        .map((piece) => escapeHl7(unescapeHl7(piece, seps)))
        .join(STANDARD_SEPARATORS.subcomponent),
    )
    .join(STANDARD_SEPARATORS.component)
    .slice(0, 200);
}
