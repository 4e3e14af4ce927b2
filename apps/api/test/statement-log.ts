import type BetterSqlite3 from 'better-sqlite3';

/**
 * Records the SQL text of every statement the embedded database runs while it is on: statements
 * are prepared once and reused (db/group-commit.ts), so this wraps their `run`, `all` and `get`
 * rather than `prepare`. Test-only; `stop` puts the originals back.
 */
export function logStatements(sqlite: BetterSqlite3.Database) {
  const statement = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<
    'run' | 'all' | 'get',
    (this: BetterSqlite3.Statement, ...args: unknown[]) => unknown
  >;
  const originals = { run: statement.run, all: statement.all, get: statement.get };
  const exec = sqlite.exec;
  const statements: string[] = [];
  for (const method of ['run', 'all', 'get'] as const) {
    const original = originals[method];
    statement[method] = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
      statements.push(this.source);
      return original.apply(this, args);
    };
  }
  sqlite.exec = function (this: BetterSqlite3.Database, source: string) {
    statements.push(source);
    return exec.call(this, source);
  };
  return {
    statements,
    stop() {
      Object.assign(statement, originals);
      sqlite.exec = exec;
    },
  };
}
