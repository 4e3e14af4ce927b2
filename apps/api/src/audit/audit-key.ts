import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The keys of the audit chain. Each audit row is chained with HMAC-SHA-256 under a key that is
 * kept outside the database (21 CFR 11.10(c)/(e): protection of records, secure audit trails;
 * HIPAA 45 CFR 164.312(c)(1): integrity controls), so someone holding only the database file
 * cannot recompute the chain after changing a row. The keyring is ordered: the last key makes
 * new rows, every key verifies the rows that name it, so a key can be rotated without
 * re-signing history.
 */

/** The key file CellWatch creates next to the SQLite database on a first start without a key. */
export const AUDIT_KEY_FILE_NAME = 'cellwatch-audit.key';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** A secret shorter than this is refused: HMAC-SHA-256 wants a key of at least 256 bits. */
const MIN_SECRET_CHARS = 32;

export interface AuditKey {
  id: string;
  secret: Buffer;
}

export class AuditKeyring {
  readonly #byId: Map<string, AuditKey>;
  readonly current: AuditKey;

  constructor(keys: AuditKey[]) {
    const last = keys[keys.length - 1];
    if (!last) throw new Error('the audit keyring is empty');
    this.current = last;
    this.#byId = new Map();
    for (const key of keys) {
      if (this.#byId.has(key.id)) throw new Error(`the audit keyring names key ${key.id} twice`);
      this.#byId.set(key.id, key);
    }
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get ids(): string[] {
    return [...this.#byId.keys()];
  }

  /** HMAC-SHA-256 (hex) of the message under the key named `id`; null when the keyring lacks it. */
  mac(id: string, message: string): string | null {
    const key = this.#byId.get(id);
    return key ? createHmac('sha256', key.secret).update(message).digest('hex') : null;
  }
}

/** A key's id when none is given: a fingerprint of the secret (it reveals nothing of it). */
function fingerprint(secret: string): string {
  return `k-${createHash('sha256').update(`cellwatch audit key id\n${secret}`).digest('hex').slice(0, 12)}`;
}

/**
 * Parses a keyring: entries `<key id>:<secret>` (or a bare secret, named by its fingerprint),
 * one per line or separated by commas; `#` starts a comment. The last entry is the current key.
 */
export function parseAuditKeys(text: string, where: string): AuditKeyring {
  const entries = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw new Error(`${where} holds no audit key`);
  return new AuditKeyring(
    entries.map((entry, i) => {
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon) : fingerprint(entry);
      const secret = colon > 0 ? entry.slice(colon + 1) : entry;
      if (!KEY_ID.test(id)) {
        throw new Error(`${where}: audit key ${i + 1} has an id that is not 1-64 of A-Z a-z 0-9 . _ -`);
      }
      if (secret.length < MIN_SECRET_CHARS) {
        throw new Error(`${where}: audit key ${id} is shorter than ${MIN_SECRET_CHARS} characters`);
      }
      return { id, secret: Buffer.from(secret, 'utf8') };
    }),
  );
}

/** A new key line: 256 random bits, base64url, named by date and fingerprint. */
export function newAuditKeyLine(now = new Date()): string {
  const secret = randomBytes(32).toString('base64url');
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `k${day}-${fingerprint(secret).slice(2, 10)}:${secret}`;
}

const KEY_FILE_HEADER = [
  '# CellWatch audit keyring. One key per line, "<key id>:<secret>". The LAST line signs new audit',
  '# rows; earlier lines verify older rows (keep them when you rotate: append a new line, restart).',
  '# Keep this file out of the database backups and readable only by the CellWatch account.',
];

export interface AuditKeySource {
  /** CELLWATCH_AUDIT_KEY (the keyring itself) or CELLWATCH_AUDIT_KEY_FILE (where it is). */
  env?: Record<string, string | undefined>;
  /** Where to look for, and on a first start create, the key file when the environment names none. */
  defaultKeyFile?: string | null;
  /** With no key configured anywhere, a key that lives as long as the process (`:memory:` databases). */
  ephemeral?: boolean;
  /** false: never create the key file (checking a backup); a missing one gives a key for this process only. */
  create?: boolean;
  /** An already loaded keyring (a copy of a store keyed by another's keys). */
  keyring?: AuditKeyring;
  log?: (line: string) => void;
}

/**
 * Loads the keyring from the environment or the key file. A key file is created (mode 0600)
 * only while the audit trail has no keyed row yet (`newestKeyId` null): a keyed database whose
 * key cannot be found, or whose newest row names a key the keyring lacks, is refused with a
 * message, never given a new key silently.
 */
export function loadAuditKeyring(source: AuditKeySource, newestKeyId: string | null): AuditKeyring {
  const log = source.log ?? ((line: string) => console.log(line));
  const env = source.env ?? {};
  const keyring = source.keyring ?? readKeyring();
  if (newestKeyId !== null && !keyring.has(newestKeyId)) {
    throw new Error(
      `the newest audit row was signed with audit key ${newestKeyId}, which is not in the keyring (${keyring.ids.join(', ')}): ` +
        'put the old key back before the current one (see README, Integrity)',
    );
  }
  return keyring;

  function readKeyring(): AuditKeyring {
    if (env.CELLWATCH_AUDIT_KEY) return parseAuditKeys(env.CELLWATCH_AUDIT_KEY, 'CELLWATCH_AUDIT_KEY');
    const file = env.CELLWATCH_AUDIT_KEY_FILE || source.defaultKeyFile;
    if (!file) {
      if (source.ephemeral && newestKeyId === null) return parseAuditKeys(newAuditKeyLine(), 'a new key');
      throw new Error('no audit key: set CELLWATCH_AUDIT_KEY or CELLWATCH_AUDIT_KEY_FILE');
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (newestKeyId !== null || source.create === false) {
        if (newestKeyId === null) return parseAuditKeys(newAuditKeyLine(), 'a new key');
        throw new Error(
          `the audit trail is keyed (newest row under key ${newestKeyId}) but the key file ${file} does not exist: ` +
            'restore it, or set CELLWATCH_AUDIT_KEY / CELLWATCH_AUDIT_KEY_FILE',
        );
      }
      text = createKeyFile(file);
      log(`[cellwatch] audit key: created ${file} (mode 0600); keep a copy apart from the database backups`);
    }
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      log(`[cellwatch] audit key: ${file} is readable by other accounts; chmod 600 it`);
    }
    return parseAuditKeys(text, file);
  }
}

/** Writes a new key file, unless another process got there first (then its key is used). */
function createKeyFile(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  const text = `${[...KEY_FILE_HEADER, newAuditKeyLine()].join('\n')}\n`;
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw err;
  }
}

/**
 * Which keyring signs a store's audit rows. Keyed by the query builder's adapter, which a
 * database handle shares with every transaction begun on it, so `appendAudit(trx, …)` finds
 * the keys of the store the transaction belongs to without every caller passing them.
 */
const keyrings = new WeakMap<object, AuditKeyring>();

export function bindAuditKeyring(db: Kysely<Database>, keyring: AuditKeyring): void {
  keyrings.set(db.getExecutor().adapter, keyring);
}

export function auditKeyringOf(db: Kysely<Database>): AuditKeyring {
  const keyring = keyrings.get(db.getExecutor().adapter);
  if (!keyring)
    throw new Error('no audit keyring is bound to this database (open it with openSqlite/openPostgres)');
  return keyring;
}
