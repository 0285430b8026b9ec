/**
 * The entry lists — the review queue among them — kept per the entries' workflow version
 * (`workflowStamp`: every data set's version, `entries` included; ARCHITECTURE.md "The review
 * queue is kept per the entries' version"). A list shows entries (their workflow), members and
 * branches (the directory) and items and overdue settings (the schemes): all versioned. What moves
 * with the clock — each waiting entry's days and overdue flag — is computed at every request from
 * the kept submission instants; the rest of the text is kept as it was serialised.
 */
import type { z } from 'zod';
import type { EntryView, entryListQuery } from '../../../contracts/points.js';
import { reviewAt } from '../../../domain/points/review.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { keptWorkflowView } from '../../lib/kept-answers.js';
import { requireSomewhere } from '../../lib/permissions.js';
import { listEntries } from './entry.service.js';

/** An entry of a kept list: its JSON text before and after `waitingDays` and `overdue`. */
interface KeptEntry {
  /** The text up to and with `"waitingDays":`. */
  readonly head: string;
  /** The text from `,"rowVersion":` on. */
  readonly tail: string;
  readonly state: EntryView['state'];
  readonly submittedAt: string | null;
  /** The overdue setting of the entry's scheme (as `viewRows` flagged it). */
  readonly overdueDays: number | undefined;
}

/** A kept page: the text around its entries, and its entries. */
interface KeptList {
  readonly head: string;
  readonly entries: readonly KeptEntry[];
  readonly tail: string;
}

const WAITING = ',"waitingDays":';
const AFTER_OVERDUE = ',"rowVersion":';

/** The two fields' text at the instant `review` was made for, as `viewRows` computes them. */
function clockFields(e: KeptEntry, review: ReturnType<typeof reviewAt>): string {
  const waiting = e.state === 'submitted' && e.submittedAt ? review.waitingDays(e.submittedAt) : null;
  const overdue =
    e.state === 'submitted' && e.submittedAt != null && review.isOverdue(e.submittedAt, e.overdueDays);
  return `${waiting},"overdue":${overdue}`;
}

/** An entry's text cut around its clock fields, or null if it is not laid out as expected. */
function cut(view: EntryView, text: string, overdueDays: number | undefined): KeptEntry | null {
  const at = text.indexOf(WAITING);
  const end = at < 0 ? -1 : text.indexOf(AFTER_OVERDUE, at);
  if (end < 0) return null;
  const head = text.slice(0, at + WAITING.length);
  const middle = text.slice(head.length, end);
  const kept = { head, tail: text.slice(end), state: view.state, submittedAt: view.submittedAt, overdueDays };
  // The same text the fields give again: the cut is exact, or nothing is kept.
  return middle === `${JSON.stringify(view.waitingDays)},"overdue":${view.overdue}` ? kept : null;
}

function render(list: KeptList, now: string): string {
  const review = reviewAt(now);
  let body = list.head;
  list.entries.forEach((e, i) => {
    body += `${i ? ',' : ''}${e.head}${clockFields(e, review)}${e.tail}`;
  });
  return body + list.tail;
}

/**
 * The entry list's JSON text (the same bytes as `JSON.stringify(await listEntries(…))`): the
 * permission check first, on every request; then the page kept under the viewer's grants and
 * member id (their roles at each branch give each entry's actions) and the query, with its
 * entries' waiting days and overdue flags computed at the request's instant. A list filtered to
 * overdue entries moves with the clock as a whole and is not kept.
 */
export async function keptEntryList(ctx: Ctx, q: z.infer<typeof entryListQuery>): Promise<string> {
  if (!(q.memberId != null && q.memberId === ctx.user.memberId))
    requireSomewhere(ctx.user, 'points.entry.read');
  if (q.overdueOnly === 'true') return JSON.stringify(await listEntries(ctx, q));
  const view = await keptWorkflowView(ctx.db);
  const grants = ctx.user.grants.map((g) => `${g.role}@${g.orgId}`).sort();
  const key = JSON.stringify([
    'entries',
    grants,
    ctx.user.memberId,
    Object.entries(q).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
  const kept = view.value<KeptList>(key);
  if (kept) return render(kept, nowIso(ctx.clock));
  const overdueDays = new Map<number, number>();
  const page = await listEntries(ctx, q, overdueDays);
  const texts = page.items.map((item) => JSON.stringify(item));
  const frame = JSON.stringify({ ...page, items: [] });
  // The page's text as `JSON.stringify(page)` writes it (its entries first, then the counts).
  const open = frame.indexOf('[]') + 1;
  const body = `${frame.slice(0, open)}${texts.join(',')}${frame.slice(open)}`;
  const entries: KeptEntry[] = [];
  for (const [i, item] of page.items.entries()) {
    const e = cut(item, texts[i] as string, overdueDays.get(item.schemeId));
    if (!e) return body;
    entries.push(e);
  }
  const chars = frame.length + entries.reduce((n, e) => n + e.head.length + e.tail.length + 64, 0);
  view.keepValue(key, { head: frame.slice(0, open), entries, tail: frame.slice(open) }, chars);
  return body;
}
