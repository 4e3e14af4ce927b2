import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { formatLocalTime } from '../format/time.ts';
import { backoffMs, keysToInvalidate, LIVE_EVENT_TYPES, type LiveEvent } from './invalidation.ts';
import { playAlertChime, readMuted, unlockAudioOnGesture, writeMuted } from './sound.ts';
import './live.css';
import { isSignInQuery } from '../api/query-keys.ts';

const ANNOUNCED_ROLES = new Set(['nurse', 'hematologist', 'coordinator']);

const RaisedAlert = z.object({
  id: z.number(),
  patientId: z.number(),
  severity: z.enum(['info', 'warning', 'high', 'critical']),
  message: z.string(),
  raisedAt: z.string().optional(),
  lastFiredAt: z.string().optional(),
  fireCount: z.number().optional(),
});

const PatientName = z.object({
  patient: z.object({ familyName: z.string(), givenName: z.string() }),
});

interface Announcement {
  key: string;
  alertId: number;
  patientId: number;
  patientName: string | null;
  severity: 'high' | 'critical';
  message: string;
  at: string;
  /** Announced again because it escalated while unresolved (the rule fired more than once). */
  raisedAgain: boolean;
}

type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The one live connection of a signed-in app (mounted once in the shell): keeps every cached view
 * fresh, brings a new high or critical alert to every open screen with a chime, and ends the
 * session here when the server says it ended.
 */
export function LiveEvents() {
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<Connection>('connecting');
  const [announcements, setAnnouncements] = useState<Announcement[]>([]);
  const [muted, setMuted] = useState(readMuted);
  const mutedRef = useRef(muted);
  mutedRef.current = muted;
  const announce = ANNOUNCED_ROLES.has(user.role);

  useEffect(() => unlockAudioOnGesture(), []);

  const onAlertRaised = useCallback((event: LiveEvent) => {
    const parsed = RaisedAlert.safeParse(event.data.alert);
    if (!parsed.success) return;
    const alert = parsed.data;
    if (alert.severity !== 'high' && alert.severity !== 'critical') return;
    const severity = alert.severity;
    const key = `${alert.id}-${event.id ?? alert.lastFiredAt ?? Date.now()}`;
    setAnnouncements((list) =>
      [
        {
          key,
          alertId: alert.id,
          patientId: alert.patientId,
          patientName: null,
          severity,
          message: alert.message,
          at: event.at ?? alert.lastFiredAt ?? new Date().toISOString(),
          raisedAgain: (alert.fireCount ?? 1) > 1,
        },
        ...list.filter((a) => a.alertId !== alert.id),
      ].slice(0, 4),
    );
    if (!mutedRef.current) playAlertChime(severity);
    apiRequest(`/api/patients/${alert.patientId}`, { schema: PatientName })
      .then(({ patient }) => {
        const name = `${patient.familyName}, ${patient.givenName}`;
        setAnnouncements((list) => list.map((a) => (a.key === key ? { ...a, patientName: name } : a)));
      })
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let stopped = false;
    let everConnected = false;

    const connect = () => {
      if (stopped) return;
      source = new EventSource('/api/events', { withCredentials: true });
      source.addEventListener('ready', () => {
        attempt = 0;
        setConnection('live');
        // After a gap, anything may have changed while we were away.
        if (everConnected) queryClient.invalidateQueries({ predicate: (q) => !isSignInQuery(q.queryKey) });
        everConnected = true;
      });
      for (const type of LIVE_EVENT_TYPES) {
        source.addEventListener(type, (message) => {
          let event: LiveEvent;
          try {
            const payload = JSON.parse((message as MessageEvent<string>).data) as Partial<LiveEvent>;
            event = {
              ...payload,
              type,
              patientId: typeof payload.patientId === 'number' ? payload.patientId : null,
              data: payload.data ?? {},
            };
          } catch {
            return;
          }
          for (const queryKey of keysToInvalidate(event)) queryClient.invalidateQueries({ queryKey });
          if (type === 'alert_raised' && announce) onAlertRaised(event);
        });
      }
      source.addEventListener('session_ended', () => {
        stopped = true;
        source?.close();
        // The auth layer ends the session on any 401: ask the server, which answers 401 now.
        apiRequest('/api/auth/me').catch(() => undefined);
      });
      source.onerror = () => {
        source?.close();
        source = null;
        if (stopped) return;
        setConnection('reconnecting');
        const wait = backoffMs(attempt);
        attempt += 1;
        timer = setTimeout(connect, wait);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
    };
  }, [queryClient, announce, onAlertRaised]);

  const toggleMute = () => {
    const next = !muted;
    setMuted(next);
    writeMuted(next);
  };

  return (
    <div className="live">
      <div className="live__bar">
        <p className={`live__status live__status--${connection}`} role="status">
          <span className="live__dot" aria-hidden="true" />
          {connection === 'live'
            ? 'Live updates on'
            : connection === 'connecting'
              ? 'Connecting to live updates…'
              : 'Live updates interrupted — reconnecting…'}
        </p>
        {announce && (
          <button
            type="button"
            className="button button--quiet live__mute"
            aria-pressed={muted}
            onClick={toggleMute}
          >
            {' '}
            {muted ? 'Alert sound off' : 'Alert sound on'}
          </button>
        )}
      </div>
      {announcements.map((a) => {
        const who = a.patientName ?? `patient ${a.patientId}`;
        return (
          <div key={a.key} className={`live-alert live-alert--${a.severity}`} role="alert">
            <p className="live-alert__text">
              <span className="live-alert__severity">{a.severity === 'critical' ? 'CRITICAL' : 'HIGH'}</span>{' '}
              <strong>{a.patientName ?? `Patient #${a.patientId}`}</strong>: {a.message}{' '}
              <span className="live-alert__time">
                {a.raisedAgain ? 'raised again' : 'raised'} at {formatLocalTime(a.at)}
              </span>
            </p>
            <div className="live-alert__actions">
              <Link className="button" to={`/patients/${a.patientId}`}>
                Open patient
              </Link>
              {/* Acknowledging is a clinical record (who, when, a note); hiding the banner is not. */}
              <Link className="button button--primary" to={`/alerts#alert-${a.alertId}`}>
                Acknowledge with note…
                <span className="visually-hidden"> (alert for {who}, on the alerts page)</span>
              </Link>
              <button
                type="button"
                className="button button--quiet live-alert__hide"
                onClick={() => setAnnouncements((list) => list.filter((x) => x.key !== a.key))}
              >
                Hide banner
                <span className="visually-hidden">
                  {' '}
                  for {who}: dismisses this notice on this screen only; the alert stays open
                </span>
              </button>
            </div>
            <p className="live-alert__hint">
              Hide banner only clears this notice here; the alert stays open on the alerts page until someone
              acknowledges or resolves it.
            </p>
          </div>
        );
      })}
    </div>
  );
}
