/**
 * The lexicon in the words the co-production group uses: "words to avoid", "in use",
 * "waiting for a decision", "must change". Converts between the entry format (DESIGN.md) and
 * the plain-language form, and describes entries and their history for the pages.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind, PROFILES, type Profile, SEVERITIES, type Severity } from '../core/index.js';
import { type LexiconEntry, type LexiconEntryRecord, LexiconEntrySchema, type LexiconRevision, type LexiconStatus } from '../app/index.js';
import { type FormErrors, addError, asList, lines, noErrors } from './forms.js';
import { SEVERITY_LABELS, SEVERITY_TAGS } from './static/findings.js';
import type { AppContext } from '../app/context.js';
import { approvalsNeeded, firstApprovals, proposalFrom } from '../app/lexicon-governance.js';
import { ROLE_LABELS } from './access.js';

/** Status words and tag colours. */
export const STATUS_LABELS: Record<LexiconStatus, { text: string; tag: string }> = {
  approved: { text: 'In use', tag: 'govuk-tag--green' },
  proposed: { text: 'Waiting for a decision', tag: 'govuk-tag--yellow' },
  retired: { text: 'No longer used', tag: 'govuk-tag--grey' },
  rejected: { text: 'Not agreed', tag: 'govuk-tag--red' },
};

/** What each step in an entry's history is called. */
export const ACTION_LABELS: Record<LexiconRevision['action'], string> = {
  propose: 'Suggested',
  change: 'Change suggested',
  'propose-retire': 'Suggested to stop using',
  approve: 'Agreed',
  reject: 'Not agreed',
  retire: 'Stopped using',
  import: 'Added from a file',
};

/** Plain names for document kinds and profiles. */
export const KIND_LABELS: Record<DocumentKind, string> = { letter: 'Letters', agreement: 'Agreements', guide: 'Guides', leaflet: 'Leaflets', form: 'Forms' };
export const PROFILE_LABELS: Record<Profile, string> = { standard: 'Standard writing', 'easy-read': 'Easy Read' };

/** Severity choices as the form offers them. */
export const SEVERITY_CHOICES: { value: Severity; text: string; hint: string }[] = [
  { value: 'error', text: SEVERITY_LABELS.error, hint: 'A letter with this word cannot be sent until it is changed.' },
  { value: 'warning', text: SEVERITY_LABELS.warning, hint: 'Change it unless there is a good reason.' },
  { value: 'suggestion', text: SEVERITY_LABELS.suggestion, hint: 'A suggestion to make the writing easier or kinder.' },
];

/** An entry's content as the pages show it. */
export interface ContentView {
  terms: string[];
  /** A pattern entry's pattern (docs/lexicon.md, "Patterns"). */
  pattern?: string;
  replace: string[];
  severity: Severity;
  severityLabel: string;
  severityTag: string;
  reason: string;
  kinds: string;
  profiles: string;
  unless: string[];
  explained: string[];
  once: boolean;
  exact: boolean;
  flag: string[];
  pass: string[];
}

/** Describes entry content (stored content was validated on the way in; re-parse defensively). */
export function contentView(content: unknown): ContentView | undefined {
  if (!content) return undefined;
  const parsed = LexiconEntrySchema.safeParse(content);
  if (!parsed.success) return undefined;
  const entry = parsed.data;
  return {
    terms: entry.terms,
    ...(entry.pattern !== undefined ? { pattern: entry.pattern } : {}),
    replace: entry.replace,
    severity: entry.severity,
    severityLabel: SEVERITY_LABELS[entry.severity],
    severityTag: SEVERITY_TAGS[entry.severity],
    reason: entry.reason,
    kinds: entry.kinds ? entry.kinds.map((kind) => KIND_LABELS[kind]).join(', ') : 'Every kind of document',
    profiles: entry.profiles ? entry.profiles.map((profile) => PROFILE_LABELS[profile]).join(', ') : 'Standard writing and Easy Read',
    unless: entry.unless ?? [],
    explained: entry.explained ?? [],
    once: entry.once ?? false,
    exact: entry.exact ?? false,
    flag: entry.examples.flag,
    pass: entry.examples.pass,
  };
}

/** An entry (record) as the pages show it. */
export interface EntryView {
  id: string;
  status: LexiconStatus;
  statusLabel: string;
  statusTag: string;
  revision: number;
  title: string;
  current?: ContentView;
  pending?: ContentView;
  /** What a reader should look at: the pending content when there is one, else the approved one. */
  shown?: ContentView;
  updatedAt: string;
}

/** Describes an entry record. */
export function entryView(record: LexiconEntryRecord): EntryView {
  const current = contentView(record.approved);
  const pending = contentView(record.pending);
  const shown = current ?? pending;
  return {
    id: record.id,
    status: record.status,
    statusLabel: STATUS_LABELS[record.status].text,
    statusTag: STATUS_LABELS[record.status].tag,
    revision: record.revision,
    title: (pending ?? current)?.terms[0] ?? (pending ?? current)?.pattern ?? record.id,
    current,
    pending,
    shown,
    updatedAt: record.updatedAt,
  };
}

/** True when an entry matches a search (any of its words, replacements, reason or id). */
export function matchesSearch(view: EntryView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = [view.id, ...[view.current, view.pending].flatMap((c) => (c ? [...c.terms, c.pattern ?? '', ...c.replace, c.reason] : []))].join('\n').toLowerCase();
  return hay.includes(q);
}

/** A short id from the first word: "Misspend money!" -> "misspend-money". */
export function suggestId(term: string): string {
  return term
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The form's fields, as sent. Every text box is optional here; the entry schema decides. */
export const EntryFormSchema = z.object({
  id: z.string().max(200, 'The short name must be 200 characters or fewer').optional(),
  terms: z.string().max(5000, 'The words to avoid must be 5,000 characters or fewer').default(''),
  pattern: z.string().max(5000, 'The pattern must be 5,000 characters or fewer').default(''),
  replace: z.string().max(5000, 'What to say instead must be 5,000 characters or fewer').default(''),
  severity: z.string().optional(),
  reason: z.string().max(2000, 'The reason must be 2,000 characters or fewer').default(''),
  kinds: z.unknown().optional(),
  profiles: z.unknown().optional(),
  unless: z.string().max(5000, 'The phrases where it is fine must be 5,000 characters or fewer').default(''),
  explained: z.string().max(5000, 'The phrases that explain it must be 5,000 characters or fewer').default(''),
  once: z.string().optional(),
  exact: z.string().optional(),
  flag: z.string().max(10000, 'The sentences must be 10,000 characters or fewer').default(''),
  pass: z.string().max(10000, 'The sentences must be 10,000 characters or fewer').default(''),
  comment: z.string().max(2000, 'Your reason for the change must be 2,000 characters or fewer').default(''),
  revision: z.string().optional(),
});

/** The form as it is redisplayed (strings and lists). */
export interface EntryFormValues {
  id: string;
  terms: string;
  pattern: string;
  replace: string;
  severity: string;
  reason: string;
  kinds: string[];
  profiles: string[];
  unless: string;
  explained: string;
  once: boolean;
  exact: boolean;
  flag: string;
  pass: string;
  comment: string;
}

/**
 * Example sentences are one per line in the form. A sentence that itself has a line break (a
 * real test: "unauthorised" at the end of one line, "expenditure" on the next) is written with
 * \n where it breaks, as the lexicon's CSV does.
 */
function escapeExample(sentence: string): string {
  return sentence.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function unescapeExample(item: string): string {
  return item.replace(/\\(\\|n|r)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}

/** Empty form: everything applies everywhere, "should change". */
export function emptyForm(): EntryFormValues {
  return { id: '', terms: '', pattern: '', replace: '', severity: '', reason: '', kinds: [...DOCUMENT_KINDS], profiles: [...PROFILES], unless: '', explained: '', once: false, exact: false, flag: '', pass: '', comment: '' };
}

/** The form filled with an entry (for "suggest a change"). */
export function formFromEntry(entry: LexiconEntry): EntryFormValues {
  return {
    id: entry.id,
    terms: entry.terms.join('\n'),
    pattern: entry.pattern ?? '',
    replace: entry.replace.join('\n'),
    severity: entry.severity,
    reason: entry.reason,
    kinds: entry.kinds ?? [...DOCUMENT_KINDS],
    profiles: entry.profiles ?? [...PROFILES],
    unless: (entry.unless ?? []).join('\n'),
    explained: (entry.explained ?? []).join('\n'),
    once: entry.once ?? false,
    exact: entry.exact ?? false,
    flag: entry.examples.flag.map(escapeExample).join('\n'),
    pass: entry.examples.pass.map(escapeExample).join('\n'),
    comment: '',
  };
}

/** Reads the form values from a body (for redisplay). */
export function formValues(body: Record<string, unknown>): EntryFormValues {
  const str = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  return {
    id: str('id').trim(),
    terms: str('terms'),
    pattern: str('pattern'),
    replace: str('replace'),
    severity: str('severity'),
    reason: str('reason'),
    kinds: asList(body.kinds),
    profiles: asList(body.profiles),
    unless: str('unless'),
    explained: str('explained'),
    once: body.once === 'yes',
    exact: body.exact === 'yes',
    flag: str('flag'),
    pass: str('pass'),
    comment: str('comment'),
  };
}

/** Field ids in the form (for error summary links). */
const FIELD_IDS: Record<string, string> = {
  id: 'id',
  terms: 'terms',
  pattern: 'pattern',
  replace: 'replace',
  severity: 'severity',
  reason: 'reason',
  kinds: 'kinds',
  profiles: 'profiles',
  unless: 'unless',
  explained: 'explained',
  once: 'once',
  exact: 'exact',
  flag: 'flag',
  pass: 'pass',
  comment: 'comment',
};

/** Plain messages for the entry schema's problems, by field. */
function messageFor(field: string, message: string): string {
  switch (field) {
    case 'id':
      return `The short name ${message}`;
    case 'terms':
      return /at least one/.test(message) ? 'Enter the word or phrase to avoid, or a pattern' : `Each word to avoid ${message}`;
    case 'pattern':
      return `The pattern: ${message}`;
    case 'replace':
      return `Each thing to say instead ${message}`;
    case 'severity':
      return 'Choose how serious it is';
    case 'reason':
      return 'Enter why we should avoid it';
    case 'kinds':
      return 'Choose at least one kind of document';
    case 'profiles':
      return 'Choose standard writing, Easy Read, or both';
    case 'flag':
      return /at least one/.test(message) ? 'Enter at least one sentence where the word should be found' : `Each sentence ${message}`;
    case 'pass':
      return /at least one/.test(message) ? 'Enter at least one sentence where it should not be found' : `Each sentence ${message}`;
    default:
      return message;
  }
}

/** Entry fields the form edits; any other field of an entry being changed is kept as it is. */
const FORM_FIELDS = new Set(['id', 'terms', 'pattern', 'replace', 'severity', 'reason', 'kinds', 'profiles', 'unless', 'explained', 'once', 'exact', 'examples']);

/**
 * Builds an entry from the form, or says what to fix. `fixedId` is the entry being changed
 * (its id cannot change); for a new entry the id comes from the form or from the first word.
 * `base` is the entry being changed: fields the form does not show are carried over from it,
 * so a change made here never drops part of an entry.
 */
export function entryFromForm(values: EntryFormValues, fixedId?: string, base?: LexiconEntry): { ok: true; entry: LexiconEntry } | { ok: false; errors: FormErrors } {
  const terms = lines(values.terms);
  const pattern = values.pattern.trim();
  const id = fixedId ?? (values.id || suggestId(terms[0] ?? pattern.replace(/[[\](){}…,.]+/gu, ' ')));
  const allKinds = DOCUMENT_KINDS.every((kind) => values.kinds.includes(kind));
  const allProfiles = PROFILES.every((profile) => values.profiles.includes(profile));
  const raw: Record<string, unknown> = {
    id,
    terms,
    replace: lines(values.replace),
    severity: SEVERITIES.includes(values.severity as Severity) ? values.severity : undefined,
    reason: values.reason,
    examples: { flag: lines(values.flag).map(unescapeExample), pass: lines(values.pass).map(unescapeExample) },
  };
  if (pattern !== '') raw.pattern = pattern;
  // Everything ticked means "everywhere": leave the field out, as the file format does.
  if (!allKinds) raw.kinds = values.kinds;
  if (!allProfiles) raw.profiles = values.profiles;
  const unless = lines(values.unless);
  if (unless.length) raw.unless = unless;
  const explained = lines(values.explained);
  if (explained.length) raw.explained = explained;
  if (values.once) raw.once = true;
  if (values.exact) raw.exact = true;
  for (const [key, value] of Object.entries(base ?? {})) if (!FORM_FIELDS.has(key)) raw[key] = value;

  const errors = noErrors();
  if (!fixedId && !values.id && (terms.length > 0 || pattern !== '') && id === '') addError(errors, 'Enter a short name in "More options": the word has no letters or digits to make one from', 'id', FIELD_IDS.id);
  const parsed = LexiconEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const order = ['terms', 'pattern', 'replace', 'reason', 'severity', 'kinds', 'profiles', 'flag', 'pass', 'unless', 'explained', 'id'];
    const issues = [...parsed.error.issues].sort((a, b) => order.indexOf(fieldOf(a.path)) - order.indexOf(fieldOf(b.path)));
    for (const issue of issues) {
      const field = fieldOf(issue.path);
      addError(errors, messageFor(field, issue.message), field, FIELD_IDS[field] ?? field);
    }
  }
  if (errors.summary.length) return { ok: false, errors };
  if (!parsed.success) return { ok: false, errors };
  return { ok: true, entry: parsed.data };
}

function fieldOf(path: PropertyKey[]): string {
  if (path[0] === 'examples') return String(path[1] ?? 'flag');
  return String(path[0] ?? 'terms');
}

/** History steps as rows. */
export function historyRows(history: LexiconRevision[], people?: ReadonlyMap<string, string>) {
  return history.map((step) => ({
    entryId: step.entryId,
    title: contentView(step.content)?.terms[0] ?? contentView(step.content)?.pattern ?? step.entryId,
    action: ACTION_LABELS[step.action],
    who: people?.get(step.actor.id) ?? step.actor.name,
    why: step.reason,
    at: step.at,
    lexiconVersion: step.lexiconVersion,
  }));
}

/**
 * The people in a history as they are known (issue 15): display name and role ("Ann Approver,
 * approver"), not their user names. Someone whose account is gone keeps the name recorded.
 */
export async function peopleIn(app: AppContext, history: readonly { actor: { id: string } }[]): Promise<Map<string, string>> {
  const people = new Map<string, string>();
  for (const id of new Set(history.map((step) => step.actor.id))) {
    const user = await app.store.users.get(id).catch(() => undefined);
    if (user) people.set(id, `${user.displayName}, ${ROLE_LABELS[user.role]?.name.toLowerCase() ?? user.role}`);
  }
  return people;
}

/** What the entry page shows about approving (src/app/lexicon-governance.ts): one's own suggestion, first approvals. */
export interface GovernanceView {
  /** The signed-in person suggested what is waiting: they may not approve it. */
  ownSuggestion: boolean;
  /** They already gave the first of two approvals. */
  approvedByMe: boolean;
  /** People who gave a first approval, as "name, role". */
  approvals: string[];
  /** How many approvals what is waiting needs. */
  needed: number;
}

/** The approving rules as they apply to this entry and this person. */
export async function governanceView(app: AppContext, record: LexiconEntryRecord, userId: string): Promise<GovernanceView> {
  const history = await app.store.lexicon.history({ entryId: record.id, limit: 100 });
  const proposal = proposalFrom(record, history);
  const config = { lexiconTwoApprovals: app.config.lexiconTwoApprovals };
  if (!proposal) {
    // Nothing suggested: an approver may stop using the word directly (two people when the council asks).
    if (record.status !== 'approved') return { ownSuggestion: false, approvedByMe: false, approvals: [], needed: 1 };
    const latest = history.reduce((n, step) => Math.max(n, step.revision), 0);
    const approvals = await firstApprovals(app, record.id, latest);
    const people = await peopleIn(app, approvals.map((a) => ({ actor: { id: a.id } })));
    return { ownSuggestion: false, approvedByMe: approvals.some((a) => a.id === userId), approvals: approvals.map((a) => people.get(a.id) ?? a.name), needed: approvalsNeeded({ kind: 'retire' }, config) };
  }
  const approvals = await firstApprovals(app, record.id, proposal.revision);
  const people = await peopleIn(app, approvals.map((a) => ({ actor: { id: a.id } })));
  return {
    ownSuggestion: proposal.proposer.id === userId,
    approvedByMe: approvals.some((a) => a.id === userId),
    approvals: approvals.map((a) => people.get(a.id) ?? a.name),
    needed: approvalsNeeded(proposal, config),
  };
}
