/**
 * What changed in the store that other instances' caches must follow (issue 17 item 4): a new
 * lexicon version (an approval, a retirement, an import) or a newly published template
 * version. Every instance hears of it within a second:
 *
 * - PostgreSQL: the transaction that makes the change sends a NOTIFY (delivered on commit,
 *   never for a rolled-back change), and each instance LISTENs on one connection of its own.
 *   After (re)connecting it reads the counters once, so a change made while it was not
 *   listening is not missed.
 * - SQLite: a version poll every `POLL_MS` on a read-only connection of its own (two numbers
 *   from two indexed tables; cheap).
 *
 * Either way this process's own changes are heard at once (`poke`, after the commit).
 *
 * Subscribers get each new value once, in order; a poll can fold several changes into one.
 */
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type Db, isPostgres } from './db.js';
import { META } from './meta.js';

/** How often a SQLite store looks for changes made by other processes. */
export const POLL_MS = 500;
/** The PostgreSQL channel changes are announced on. */
export const CHANGES_CHANNEL = 'plainly_changes';

/** One change: the new lexicon version, or the new templates revision (with the template). */
export type StoreChange =
  | { kind: 'lexicon'; version: number }
  | { kind: 'templates'; revision: number; templateId?: string; version?: number };

/** Calls `listener` with every change; returns a function that stops it. */
export interface StoreChanges {
  subscribe(listener: (change: StoreChange) => void): () => void;
  /** Resolves once changes made from now on will be heard (the first reading is done). */
  listening(): Promise<void>;
}

/**
 * Announces a change inside the transaction that makes it. On PostgreSQL the NOTIFY is sent
 * when the transaction commits; on SQLite the poll finds it (and `ChangeFeed.poke` after commit).
 */
export async function announceChange(trx: Db, change: StoreChange): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(change)})`.execute(trx);
}

interface Counters {
  lexicon: number;
  templates: number;
}

/** Reads both counters through any handle. */
async function readCounters(db: Kysely<any>): Promise<Counters> {
  const row = await sql<{ lexicon: number | string | null; templates: string | null }>`
    select (select max(version) from lexicon_versions) as lexicon,
           (select value from meta where key = ${META.templatesRevision}) as templates`.execute(db);
  const first = row.rows[0];
  return { lexicon: Number(first?.lexicon ?? 0), templates: Number(first?.templates ?? 0) };
}

/** The change feed of one store: starts listening with the first subscriber. */
export class ChangeFeed implements StoreChanges {
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private last: Counters | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reader: BetterSqlite3.Database | undefined;
  private client: pg.Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;
  private started = false;
  private polling = false;
  private readonly firstReading: Promise<void>;
  private markRead: () => void = () => undefined;

  constructor(
    private readonly source: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; db: Db },
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.firstReading = new Promise((resolve) => {
      this.markRead = resolve;
    });
  }

  /** See `StoreChanges.listening`. */
  listening(): Promise<void> {
    return this.firstReading;
  }

  /** See `StoreChanges.subscribe`. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    if (!this.started) {
      this.started = true;
      this.start();
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * This process made a change: look now, so its own subscribers hear of it before the call
   * that made it returns (SQLite), or as soon as the counters are read back (PostgreSQL; its
   * NOTIFY may come a moment later, and is then not a change any more).
   */
  poke(): void {
    if (!this.started || this.closed) return;
    if (this.source.kind === 'sqlite') this.pollSqlite();
    else if (this.last) readCounters(this.source.db).then((now) => this.emit(now), this.onError);
  }

  private start(): void {
    if (this.source.kind === 'sqlite') {
      this.pollSqlite();
      this.timer = setInterval(() => this.pollSqlite(), POLL_MS);
      this.timer.unref();
    } else {
      void this.listen();
    }
  }

  private emit(now: Counters, hint?: StoreChange): void {
    const before = this.last;
    this.last = { lexicon: Math.max(now.lexicon, before?.lexicon ?? 0), templates: Math.max(now.templates, before?.templates ?? 0) };
    if (!before) {
      this.markRead();
      return; // the first reading is where we start, not a change
    }
    const changes: StoreChange[] = [];
    if (now.lexicon > before.lexicon) changes.push({ kind: 'lexicon', version: now.lexicon });
    if (now.templates > before.templates) {
      changes.push(hint?.kind === 'templates' && hint.revision === now.templates ? hint : { kind: 'templates', revision: now.templates });
    }
    for (const change of changes) {
      for (const listener of [...this.listeners]) {
        try {
          listener(change);
        } catch (error) {
          this.onError(error);
        }
      }
    }
  }

  private pollSqlite(): void {
    if (this.closed || this.polling || this.source.kind !== 'sqlite') return;
    this.polling = true;
    try {
      // A connection of its own: the store's connection may be inside a write transaction, and
      // must not be seen half-way through it.
      this.reader ??= new BetterSqlite3(this.source.file, { readonly: true, fileMustExist: true, timeout: 1_000 });
      const lexicon = this.reader.prepare('select coalesce(max(version), 0) from lexicon_versions').pluck().get() as number;
      const templates = this.reader.prepare('select value from meta where key = ?').pluck().get(META.templatesRevision) as string | undefined;
      this.emit({ lexicon: Number(lexicon), templates: Number(templates ?? 0) });
    } catch (error) {
      this.onError(error);
    } finally {
      this.polling = false;
    }
  }

  private async listen(): Promise<void> {
    if (this.closed || this.source.kind !== 'postgres') return;
    const client = new pg.Client({ connectionString: this.source.url, connectionTimeoutMillis: 10_000, application_name: 'plainly-changes' });
    this.client = client;
    const retry = () => {
      if (this.client !== client || this.closed) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      this.reconnect = setTimeout(() => void this.listen(), 1_000);
      this.reconnect.unref();
    };
    client.on('error', (error) => {
      this.onError(error);
      retry();
    });
    client.on('end', retry);
    client.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
      try {
        const change = JSON.parse(message.payload) as StoreChange;
        const now = { ...(this.last ?? { lexicon: 0, templates: 0 }) };
        if (change.kind === 'lexicon') now.lexicon = change.version;
        else now.templates = change.revision;
        if (this.last) this.emit(now, change);
      } catch (error) {
        this.onError(error);
      }
    });
    try {
      await client.connect();
      // The connection must not keep the process alive on its own.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      await client.query(`listen ${CHANGES_CHANNEL}`);
      // Listening now; whatever changed before (or while reconnecting) is read once.
      this.emit(await readCounters(this.source.db));
    } catch (error) {
      this.onError(error);
      retry();
    }
  }

  /** Stops polling or listening. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.reconnect);
    this.reader?.close();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
