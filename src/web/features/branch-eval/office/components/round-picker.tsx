import { Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Role } from '../../../../../domain/access/roles.js';
import { useToday } from '../../../../app/server-day.js';
import { useMe } from '../../../../auth/session.js';
import { OrgTreeSelect } from '../../../../components/org-tree-select.js';
import { useI18n } from '../../../../i18n/index.js';
import { defaultMonth, monthChoices } from '../../../../lib/be-office.js';
import { useBeLabels } from '../../labels.js';
import { type MonthList, useMonths } from '../api.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

export interface RoundSelection {
  orgId: number | null;
  month: string | null;
  months: MonthList | undefined;
  monthsError: unknown;
  params: URLSearchParams;
  /** Sets (or clears, with null) URL parameters; a change of round or month clears `clear` too. */
  update: (patch: Record<string, string | null>) => void;
}

/**
 * The round (the committee whose branches are evaluated together) and the month a page works on,
 * from the URL (`?org=&month=`, as the to-do list links): without `org`, the org where the user
 * holds one of `roles`; without `month`, the month the page's purpose calls for
 * ({@link defaultMonth}), written back to the URL so the address can be shared.
 */
export function useRoundSelection(purpose: 'verify' | 'approve', roles: readonly Role[]): RoundSelection {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const fallbackOrg = me.grants.find((g) => roles.includes(g.role))?.orgId ?? me.grants[0]?.orgId ?? null;
  const orgId = num(params.get('org')) ?? fallbackOrg;
  const monthParam = params.get('month');
  const months = useMonths(orgId);
  const today = useToday();
  const month =
    monthParam && MONTH.test(monthParam)
      ? monthParam
      : months.data
        ? defaultMonth(months.data.items, today, purpose)
        : months.isError
          ? defaultMonth([], today, purpose)
          : null;

  const update = useCallback(
    (patch: Record<string, string | null>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  // Write the defaults into the address, so a reload or a shared link opens the same month.
  useEffect(() => {
    const patch: Record<string, string> = {};
    if (!params.get('org') && orgId != null) patch.org = String(orgId);
    if (!monthParam && month) patch.month = month;
    if (Object.keys(patch).length > 0) update(patch);
  }, [params, orgId, monthParam, month, update]);

  return { orgId, month, months: months.data, monthsError: months.error, params, update };
}

/** The round (a committee) and month selectors of the office's and the committee's pages. */
export function RoundPicker({
  sel,
  onChange,
}: {
  sel: RoundSelection;
  /** Parameters to clear when the round or month changes (the selected branch, the page…). */
  onChange?: () => Record<string, null>;
}) {
  const today = useToday();
  const { t } = useI18n();
  const l = useBeLabels();
  const options = useMemo(
    () =>
      monthChoices(sel.months?.items ?? [], today).map((m) => ({
        value: m.month,
        label: m.state
          ? t('be.office.monthOption', { month: m.month, state: l.monthState(m.state) })
          : t('be.office.monthOptionNew', { month: m.month }),
      })),
    [sel.months, today, t, l],
  );
  if (sel.month && !options.some((o) => o.value === sel.month)) {
    options.unshift({ value: sel.month, label: sel.month });
  }
  return (
    <Space wrap size={8}>
      <div style={{ width: 240 }}>
        <OrgTreeSelect
          tree="party"
          aria-label={t('be.office.round')}
          placeholder={t('be.office.round')}
          value={sel.orgId}
          selectable={(o) => o.kind === 'committee' || o.kind === 'general_branch'}
          onChange={(v) => sel.update({ org: v ? String(v) : null, month: null, ...(onChange?.() ?? {}) })}
        />
      </div>
      <Select
        aria-label={t('be.office.month')}
        value={sel.month ?? undefined}
        placeholder={t('be.office.month')}
        style={{ width: 190 }}
        options={options}
        onChange={(v) => sel.update({ month: v, ...(onChange?.() ?? {}) })}
      />
      {sel.monthsError ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('be.office.monthsFailed')}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
