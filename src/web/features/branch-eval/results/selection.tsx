import { Select, Tag } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { OrgNode } from '../../../../contracts/org.js';
import { hasPermission, useMe } from '../../../auth/session.js';
import { OrgTreeSelect } from '../../../components/org-tree-select.js';
import { useI18n } from '../../../i18n/index.js';
import { canAt, partyRoots } from '../../../lib/access.js';
import { defaultRoundOrg, parseMonth, pickResultsMonth, readableMonths } from '../../../lib/be-results.js';
import { useOrgs } from '../../org/api.js';
import { useBeLabels } from '../labels.js';
import { useMyRounds, useRoundMonths } from './api.js';

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

// Whose grant names the round first: those who run rounds, then those who take part in one.
const rolePriority = ['committee', 'eval_office', 'affairs', 'admin', 'inspector', 'secretary', 'member'];
const isCommittee = (o: OrgNode) => o.kind === 'committee';

/**
 * The round (its committee) and month a results page shows, kept in the URL (`?org=&month=`) so
 * links from the to-do list and shared links open the same view. Without `org`: the committee
 * the viewer's grant sits at or under; for a secretary or a member, the newest round their
 * branch takes part in. Without `month`: the latest published one.
 */
export function useResultsSelection() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const readsOrgs = hasPermission(me, 'org.read');
  const readsApproved = hasPermission(me, 'branch_eval.results.read');
  const orgs = useOrgs('party', false, readsOrgs);
  const grantOrgIds = useMemo(
    () =>
      [...me.grants]
        .sort((a, b) => rolePriority.indexOf(a.role) - rolePriority.indexOf(b.role))
        .map((g) => g.orgId),
    [me.grants],
  );
  const ownBranchIds = useMemo(
    () => me.grants.filter((g) => g.role === 'secretary' || g.role === 'member').map((g) => g.orgId),
    [me.grants],
  );
  const urlOrg = num(params.get('org'));
  const fromList = defaultRoundOrg(grantOrgIds, orgs.data ?? [], null);
  // A secretary's or member's org list stops at the branch: ask which rounds their grants reach.
  const mine = useMyRounds(!urlOrg && fromList === null && (!readsOrgs || orgs.isSuccess));
  const orgId = urlOrg ?? defaultRoundOrg(grantOrgIds, orgs.data ?? [], mine.data?.rounds[0]?.orgId ?? null);
  const resolving = !urlOrg && orgId === null && ((readsOrgs && orgs.isPending) || mine.isLoading);

  const months = useRoundMonths(orgId);
  const monthItems = months.data?.items ?? [];
  const month = months.data ? pickResultsMonth(monthItems, params.get('month'), readsApproved) : null;
  const committees = (orgs.data ?? []).filter(isCommittee);

  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  return {
    params,
    update,
    orgId,
    /** Whether the viewer may pick another round (holds an org list with committees in it). */
    canPickOrg: committees.length > 0,
    resolving,
    months,
    readable: readableMonths(monthItems, readsApproved),
    month,
    readsApproved,
    ownBranchIds,
  };
}

export type ResultsSelection = ReturnType<typeof useResultsSelection>;

/**
 * Whether the viewer may open a branch's score explanation: the server shows it to those who
 * work on that branch's evaluation (its secretary, the office, the committee, affairs, admins)
 * and to readers of the boards whose grant sits at the branch or above it — a member sees their
 * own branch's explanation, not other branches'.
 */
export function useCanExplain(): (branchId: number) => boolean {
  const me = useMe();
  const readsOrgs = hasPermission(me, 'org.read');
  const orgs = useOrgs('party', false, readsOrgs);
  return useMemo(() => {
    const list = orgs.data ?? [];
    const roots = partyRoots(list);
    const own = new Set(me.grants.map((g) => g.orgId));
    return (branchId: number) =>
      own.has(branchId) ||
      canAt(me.grants, 'branch_eval.read', branchId, list, roots) ||
      canAt(me.grants, 'branch_eval.board.read', branchId, list, roots);
  }, [me, orgs.data]);
}

/** "2026年10月" / "10/2026". */
export function useMonthLabel() {
  const { t } = useI18n();
  return (key: string) => {
    const p = parseMonth(key);
    return p ? t('be.results.monthLabel', { year: p.year, m: p.month }) : key;
  };
}

/** The round's committee and the month, side by side (stacked on a phone). */
export function RoundPickers({ sel }: { sel: ResultsSelection }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const monthLabel = useMonthLabel();
  return (
    <>
      {sel.canPickOrg ? (
        <div className="kh-be-org-picker">
          <OrgTreeSelect
            tree="party"
            aria-label={t('be.results.org')}
            placeholder={t('be.results.orgPlaceholder')}
            selectable={isCommittee}
            value={sel.orgId}
            onChange={(v) => sel.update({ org: v ? String(v) : null, month: null })}
          />
        </div>
      ) : null}
      <Select
        aria-label={t('be.results.month')}
        className="kh-be-month-picker"
        value={sel.month ?? undefined}
        placeholder={t('be.results.monthPlaceholder')}
        loading={sel.months.isLoading}
        disabled={sel.readable.length === 0}
        onChange={(m: string) => sel.update({ month: m })}
        options={sel.readable.map((m) => ({
          value: m.month,
          label: (
            <span>
              {monthLabel(m.month)}
              {m.state !== 'published' ? (
                <Tag color="orange" style={{ marginInlineStart: 6 }}>
                  {l.monthState(m.state)}
                </Tag>
              ) : null}
            </span>
          ),
        }))}
        popupMatchSelectWidth={false}
      />
    </>
  );
}
