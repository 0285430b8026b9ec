import { Select } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { OrgNode } from '../../../../contracts/org.js';
import type { Permission } from '../../../../domain/access/roles.js';
import { useToday } from '../../../app/server-day.js';
import { hasPermission, useMe } from '../../../auth/session.js';
import { OrgTreeSelect } from '../../../components/org-tree-select.js';
import { useI18n } from '../../../i18n/index.js';
import { canAt, partyRoots } from '../../../lib/access.js';
import { homeCommittee, parseQuarter, quarterChoices } from '../../../lib/be-plans.js';
import { useOrgs } from '../../org/api.js';

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

export const isCommittee = (o: OrgNode) => o.kind === 'committee';

/**
 * The committee a plans or library page works on, kept in the URL (`?org=`) so links from the
 * to-do list and shared links open the same view; without it, the committee of the user's grant
 * for one of `roles`. Also answers, from the org list the client holds, what the user may do
 * where (the server decides anyway; this only hides buttons that would be refused).
 */
export function useCommitteeSelection(roles: readonly string[]) {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const readsOrgs = hasPermission(me, 'org.read');
  const orgs = useOrgs('party', false, readsOrgs);
  const list = orgs.data ?? [];
  const home = useMemo(() => homeCommittee(me.grants, roles, orgs.data ?? []), [me.grants, roles, orgs.data]);
  const orgId = num(params.get('org')) ?? home;
  const org = list.find((o) => o.id === orgId) ?? null;
  const roots = useMemo(() => partyRoots(orgs.data ?? []), [orgs.data]);

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
    orgs,
    orgId,
    org,
    /** Still working out which committee to show. */
    resolving: orgId === null && readsOrgs && orgs.isPending,
    canPickOrg: list.some(isCommittee),
    can: (permission: Permission, at: number | null) =>
      at !== null && canAt(me.grants, permission, at, list, roots),
  };
}

export type CommitteeSelection = ReturnType<typeof useCommitteeSelection>;

export function CommitteePicker({ sel }: { sel: CommitteeSelection }) {
  const { t } = useI18n();
  if (!sel.canPickOrg) return null;
  return (
    <div style={{ width: 280, maxWidth: '100%' }}>
      <OrgTreeSelect
        tree="party"
        aria-label={t('be.plans.org')}
        placeholder={t('be.plans.orgPlaceholder')}
        selectable={isCommittee}
        value={sel.orgId}
        onChange={(v) => sel.update({ org: v ? String(v) : null })}
      />
    </div>
  );
}

/** "2026年第4季度" / "Q4 2026". */
export function useQuarterLabel() {
  const { t } = useI18n();
  return (key: string) => {
    const p = parseQuarter(key);
    return p ? t('be.plans.quarterLabel', { year: p.year, q: p.quarter }) : key;
  };
}

export function QuarterSelect({
  value,
  onChange,
  width = 150,
}: {
  value: string | null;
  onChange: (quarter: string) => void;
  width?: number | string;
}) {
  const { t } = useI18n();
  const label = useQuarterLabel();
  const today = useToday();
  return (
    <Select
      aria-label={t('be.plans.quarter')}
      value={value ?? undefined}
      placeholder={t('be.plans.quarter')}
      onChange={onChange}
      style={{ width }}
      options={quarterChoices(today, value).map((q) => ({ value: q, label: label(q) }))}
    />
  );
}
