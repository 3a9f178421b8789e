/**
 * Co-production governance of the lexicon: who may approve what, and how many people must.
 *
 * - Nobody approves their own suggestion (a new word, a change or a proposed retirement): the
 *   people who draw on care and support decide together, so one person cannot both ask and agree.
 * - A council can require two approvals (config `lexiconTwoApprovals`,
 *   `PLAINLY_LEXICON_TWO_APPROVALS=true`) for entries that block letters (severity `error`) and
 *   for retiring an entry, so one person cannot stop a word being checked. The first approval
 *   is recorded (in the audit log, action `lexicon.first-approval`) and waits; the second, by a
 *   different person, applies it.
 *
 * The rules are pure functions over what was proposed and who approves; `decideApproval` reads
 * the history and records a first approval, and the call sites (HTTP and web) apply the change
 * only when it says so.
 */
import { AppError } from '../core/index.js';
import { type ChangeContext, type LexiconEntryRecord, type LexiconRevision, recordAudit } from '../store/index.js';
import type { AppContext } from './context.js';

/** The settings the rules read. */
export interface GovernanceConfig {
  /** Two approvals (by two people) for error-level entries and for retiring an entry. */
  lexiconTwoApprovals: boolean;
}

/** Someone who approves: their id, display name and role. */
export interface Approver {
  id: string;
  name: string;
  role: string;
}

/** What is waiting for a decision, as the rules see it. */
export interface Proposal {
  entryId: string;
  /** The history revision that proposed it (a first approval counts for this revision only). */
  revision: number;
  kind: 'entry' | 'retire';
  /** Severity of the proposed content (an entry), or of the entry being retired. */
  severity?: string;
  /** Who proposed it. */
  proposer: { id: string; name: string };
  /** People who have already approved it (first approvals). */
  approvals: Approver[];
}

/** The result of asking whether someone may approve. */
export type ApprovalCheck = { ok: true } | { ok: false; reason: 'own-suggestion' | 'already-approved'; message: string };

/** How many approvals a proposal needs: 2 for error-level entries and retirements when the council asks for two; 1 otherwise. */
export function approvalsNeeded(proposal: Pick<Proposal, 'kind' | 'severity'>, config: GovernanceConfig): 1 | 2 {
  if (!config.lexiconTwoApprovals) return 1;
  return proposal.kind === 'retire' || proposal.severity === 'error' ? 2 : 1;
}

/** Whether `approver` may approve `proposal`: never their own suggestion, never twice. */
export function canApprove(proposal: Proposal, approver: Pick<Approver, 'id'>, _config: GovernanceConfig): ApprovalCheck {
  if (proposal.proposer.id === approver.id) {
    return {
      ok: false,
      reason: 'own-suggestion',
      message: `You suggested this${proposal.kind === 'retire' ? ' retirement' : ''} yourself, so someone else must approve it: nobody approves their own suggestion.`,
    };
  }
  if (proposal.approvals.some((a) => a.id === approver.id)) {
    return { ok: false, reason: 'already-approved', message: 'You have already approved this. A second approval must come from someone else.' };
  }
  return { ok: true };
}

/** What happens when someone approves: it is applied now, or their approval is recorded and waits for one more. */
export type ApprovalDecision = { apply: true } | { apply: false; approvals: number; needed: 2; message: string };

/** The steps that propose something for a decision. */
const PROPOSING = new Set(['propose', 'change', 'propose-retire']);

/** Reads what is waiting for a decision from an entry and its history (newest first or oldest first). */
export function proposalFrom(record: LexiconEntryRecord, history: readonly LexiconRevision[], approvals: Approver[] = []): Proposal | undefined {
  const latest = [...history].filter((step) => step.entryId === record.id).sort((a, b) => b.revision - a.revision)[0];
  if (!latest || !PROPOSING.has(latest.action) || (!record.pending && !record.pendingRetirement)) return undefined;
  const retire = latest.action === 'propose-retire' || record.pendingRetirement;
  const content = (retire ? record.approved : record.pending) as { severity?: string } | null;
  return {
    entryId: record.id,
    revision: latest.revision,
    kind: retire ? 'retire' : 'entry',
    severity: content?.severity,
    proposer: { id: latest.actor.id, name: latest.actor.name },
    approvals,
  };
}

/** The first-approval audit action. */
export const FIRST_APPROVAL_ACTION = 'lexicon.first-approval';

/** The first approvals recorded for the proposal at `revision` of entry `id`. */
export async function firstApprovals(app: AppContext, id: string, revision: number): Promise<Approver[]> {
  const events = await app.store.audit.list({ action: FIRST_APPROVAL_ACTION, targetType: 'lexicon-entry', targetId: id, limit: 50 });
  return events.filter((e) => e.detail.proposalRevision === revision).map((e) => ({ id: e.actor.id, name: e.actor.name, role: e.actor.role }));
}

/**
 * Decides an approval under the rules: throws FORBIDDEN (403) for one's own suggestion or a
 * second approval by the same person; records a first approval and says it waits when two are
 * needed and this is the first; otherwise says to apply it. `kind: 'retire'` is a direct
 * retirement by an approver (no proposal): it needs two approvals when the council asks.
 */
export async function decideApproval(app: AppContext, change: ChangeContext, id: string, kind: 'approve' | 'retire', comment = ''): Promise<ApprovalDecision> {
  const config: GovernanceConfig = { lexiconTwoApprovals: app.config.lexiconTwoApprovals };
  const record = await app.store.lexicon.get(id);
  if (!record) return { apply: true }; // the use case says NOT_FOUND
  const history = await app.store.lexicon.history({ entryId: id });
  const pending = proposalFrom(record, history);
  const latestRevision = history.reduce((n, step) => (step.entryId === id ? Math.max(n, step.revision) : n), 0);
  const proposal: Proposal | undefined =
    kind === 'approve'
      ? pending
      : record.status === 'approved'
        ? { entryId: id, revision: latestRevision, kind: 'retire', severity: (record.approved as { severity?: string } | null)?.severity, proposer: pending?.kind === 'retire' ? pending.proposer : { id: '', name: '' }, approvals: [] }
        : undefined;
  if (!proposal) return { apply: true }; // nothing waiting: the use case says CONFLICT
  proposal.approvals = await firstApprovals(app, id, proposal.revision);
  const check = canApprove(proposal, change.actor, config);
  if (!check.ok) throw new AppError('FORBIDDEN', check.message);
  const needed = approvalsNeeded(proposal, config);
  if (needed === 1 || proposal.approvals.length >= needed - 1) return { apply: true };
  await recordAudit(app.store.db as never, change, new Date().toISOString(), FIRST_APPROVAL_ACTION, { type: 'lexicon-entry', id }, { proposalRevision: proposal.revision, kind: proposal.kind, comment });
  const what = proposal.kind === 'retire' ? 'Stopping the use of a word' : 'A word that must change';
  return { apply: false, approvals: 1, needed: 2, message: `Your approval is recorded. ${what} needs two people to agree, so it waits for a second approver.` };
}
