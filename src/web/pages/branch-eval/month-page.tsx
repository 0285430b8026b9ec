import { Card, Empty, Select } from 'antd';
import { useSearchParams } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { useMe } from '../../auth/session.js';
import { PageTitle } from '../../components/page-title.js';
import { MonthNav } from '../../features/branch-eval/round/common.js';
import { SelfSheet } from '../../features/branch-eval/round/self-sheet.js';
import { useOrgs } from '../../features/org/api.js';
import { useI18n } from '../../i18n/index.js';
import { branchesUnder, isMonthKey, monthOfDate, recentMonths } from '../../lib/be-round.js';

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * 本支部月评 — a branch secretary's monthly sheet (自评). `?branch=&month=` (the to-do list links
 * here); without them, the user's branch (a choice when they hold several) and the running
 * month. Others who may read the branch (the office, the committee) see it read-only.
 */
export function MonthPage() {
  const me = useMe();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const today = useToday();
  const running = monthOfDate(today);
  const grants = me.grants.filter((g) => g.role === 'secretary');
  const orgs = useOrgs('party', false, grants.length > 0);
  const branches = branchesUnder(grants, orgs.data);
  const asked = num(params.get('branch'));
  const branchId = asked ?? branches[0]?.id ?? null;
  const monthParam = params.get('month');
  const month = isMonthKey(monthParam) && monthParam <= running ? monthParam : running;
  const months = recentMonths(today, 12, month);

  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const showBranchPicker = branches.length > 1 || (asked !== null && !branches.some((b) => b.id === asked));

  return (
    <div className="kh-be-page">
      <PageTitle>{t('nav.beMonth')}</PageTitle>
      <div className="kh-be-toolbar">
        {showBranchPicker && branches.length > 0 ? (
          <Select
            aria-label={t('be.round.branch.label')}
            value={branchId ?? undefined}
            placeholder={t('be.round.branch.placeholder')}
            onChange={(v: number) => set({ branch: String(v) })}
            style={{ minWidth: 220, maxWidth: '100%' }}
            options={[
              ...branches.map((b) => ({ value: b.id, label: b.name })),
              ...(asked !== null && !branches.some((b) => b.id === asked)
                ? [{ value: asked, label: t('be.round.branch.other') }]
                : []),
            ]}
          />
        ) : null}
        <MonthNav month={month} months={months} max={running} onChange={(m) => set({ month: m })} />
      </div>
      {branchId === null ? (
        <Card>
          <Empty description={t('be.round.branch.none')} />
        </Card>
      ) : (
        <SelfSheet
          key={`${branchId}:${month}`}
          branchId={branchId}
          month={month}
          today={today}
          userId={me.id}
        />
      )}
    </div>
  );
}
