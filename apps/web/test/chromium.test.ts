import { expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium } from './harness.ts';

// The one guard for the browser tests: without chromium they are skipped (and harness.ts says
// so) on a developer machine, but CI must run them, so there a missing chromium is a failure.
it('has chromium for the browser tests when CI=true', () => {
  if (process.env.CI === 'true') {
    expect(
      hasChromium,
      `CI=true but chromium is not installed at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) so the browser tests run`,
    ).toBe(true);
  } else if (!hasChromium) {
    console.warn(
      `[web browser tests] chromium is missing at ${CHROMIUM_PATH}; the browser tests were skipped.`,
    );
  }
});
