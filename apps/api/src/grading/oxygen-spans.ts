/** Oxygen support as the timeline draws it: spans of unchanged device and flow. */
export interface OxygenSpan {
  from: number;
  to: number;
  device: string;
  flowLpm: number | null;
}

/**
 * Adds support charted from `from` to `to` (one vital set: from = to), extending the last span
 * when the device and flow are unchanged. Calls must come in time order.
 */
export function extendOxygen(
  spans: OxygenSpan[],
  from: number,
  to: number,
  device: string,
  flowLpm: number | null,
): void {
  const last = spans[spans.length - 1];
  if (last && last.device === device && last.flowLpm === flowLpm) last.to = to;
  else spans.push({ from, to, device, flowLpm });
}
