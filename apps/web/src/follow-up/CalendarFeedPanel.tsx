import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { calendarFeedQuery, createCalendarFeed, revokeCalendarFeed } from './queries.ts';

/**
 * The signed-in user's secret calendar feed of this worklist: create it, rotate it (the old URL
 * stops working) or revoke it. The URL is shown once, right after it is made: only its hash is kept.
 */
export function CalendarFeedPanel() {
  const titleId = useId();
  const queryClient = useQueryClient();
  const feed = useQuery(calendarFeedQuery());
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.calendarFeed() });
  const create = useMutation({
    mutationFn: createCalendarFeed,
    onSuccess: (res) => {
      setUrl(`${window.location.origin}${res.path}`);
      setCopied(false);
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: revokeCalendarFeed,
    onSuccess: () => {
      setUrl(null);
      refresh();
    },
  });
  const active = feed.data?.feed ?? null;
  const busy = create.isPending || revoke.isPending;
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url ?? '');
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard (plain http): the URL is selected for Ctrl+C
    }
  };
  const error = create.error ?? revoke.error;
  return (
    <section className="card fu-feed" aria-labelledby={titleId}>
      <h2 id={titleId}>Calendar feed</h2>
      <p className="muted small">
        Subscribe your calendar app to this worklist: IVIG doses, IgG checks and visits. Events show initials
        and the CellWatch number only, never names or MRNs. Anyone with the URL can read it: keep it to
        yourself, and make a new one if it leaks.
      </p>
      {feed.isPending ? (
        <p className="muted">Checking your calendar feed…</p>
      ) : active ? (
        <p>
          <span className="fu-status fu-status--given">Active</span> since{' '}
          {formatLocalDateTime(active.createdAt)}
        </p>
      ) : (
        <p>
          <span className="fu-status">No feed</span> You have no calendar feed.
        </p>
      )}
      {url && (
        <div className="fu-feed__url">
          <div className="field">
            <label htmlFor={`${titleId}-url`}>Your calendar feed URL (shown only now)</label>
            <input
              id={`${titleId}-url`}
              ref={input}
              readOnly
              value={url}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <div className="form__actions">
            <button type="button" className="button" onClick={copy}>
              Copy URL
            </button>
            <a className="button button--quiet" href={url.replace(/^https?:/, 'webcal:')}>
              Open in calendar app
            </a>
          </div>
          <p className="muted small" aria-live="polite">
            {copied ? 'Copied.' : ''}
          </p>
        </div>
      )}
      {error ? (
        <p className="notice notice--error" role="alert">
          <span className="notice__icon" aria-hidden="true">
            ✕
          </span>
          {describeError(error)}
        </p>
      ) : null}
      <div className="form__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || feed.isPending}
          onClick={() => create.mutate()}
        >
          {active ? 'Make a new URL (the old one stops working)' : 'Create my calendar feed URL'}
        </button>
        {active && (
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => revoke.mutate()}
          >
            Revoke calendar feed
          </button>
        )}
      </div>
    </section>
  );
}
