import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroller. On a portrait tablet a table can be wider than the screen,
 * so the scroller is a labelled region that keyboard users can focus and scroll with arrow keys.
 */
export function TableScroller({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
