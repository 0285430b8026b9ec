import { Space } from 'antd';
import { useSearchParams } from 'react-router';
import type { BlockedAction } from '../../../../contracts/common.js';
import type { QuarterState } from '../../../../domain/points/workflow.js';
import { useToday } from '../../../app/server-day.js';
import { NativeSelect } from '../../../components/native-select.js';
import { useI18n } from '../../../i18n/index.js';
import { pickQuarter, pickScheme, quartersOfYear } from '../../../lib/points.js';
import { type SchemeSummary, useScheme, useSchemes } from '../api.js';
import { usePointsLabels } from '../labels.js';

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * The scheme (and quarter) a page works on, kept in the URL (`?scheme=&quarter=`) so links from
 * the to-do list and shared links open the same view.
 */
export function useSchemeSelection({ withQuarter = false }: { withQuarter?: boolean } = {}) {
  const [params, setParams] = useSearchParams();
  const schemes = useSchemes();
  const today = useToday();
  const chosen = pickScheme(schemes.data ?? [], num(params.get('scheme')), Number(today.slice(0, 4)));
  const detail = useScheme(chosen?.id);
  // Without a quarter in the URL the choice depends on the quarters' states, which the list of
  // schemes carries: the page asks for its quarter's data alongside the scheme's detail.
  const asked = params.get('quarter');
  const quarter =
    withQuarter && chosen
      ? pickQuarter(chosen.year, detail.data?.quarters ?? chosen.quarters, asked, today)
      : undefined;

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
    schemes,
    scheme: chosen,
    detail,
    quarter,
    params,
    update,
    setScheme: (id: number) => update({ scheme: String(id), quarter: null }),
    setQuarter: (q: string) => update({ quarter: q }),
  };
}

export function SchemeSelect({
  schemes,
  value,
  onChange,
}: {
  schemes: readonly SchemeSummary[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  const { t } = useI18n();
  return (
    <NativeSelect
      aria-label={t('points.scheme.label')}
      value={value}
      onChange={onChange}
      placeholder={t('points.scheme.pick')}
      options={schemes.map((s) => ({
        value: s.id,
        label: s.currentVersion == null ? t('points.scheme.optionDraft', { name: s.name }) : s.name,
      }))}
      minWidth={220}
    />
  );
}

export function QuarterSelect({
  year,
  states,
  value,
  onChange,
  forBoard = false,
}: {
  year: number;
  states: readonly { quarter: string; state: QuarterState; boardBlocked?: BlockedAction | null }[];
  value: string | undefined;
  onChange: (q: string) => void;
  /** Picking a board: quarters whose board the server says the viewer cannot open yet are disabled, with why. */
  forBoard?: boolean;
}) {
  const { t, locale } = useI18n();
  const labels = usePointsLabels();
  return (
    <NativeSelect
      aria-label={t('points.quarter.label')}
      value={value}
      onChange={onChange}
      placeholder={t('points.quarter.label')}
      options={quartersOfYear(year).map((q) => {
        const row = states.find((x) => x.quarter === q);
        const s = row?.state ?? 'open';
        const label = t('points.quarter.option', { quarter: q, state: labels.quarterState(s) });
        const blocked = forBoard && row?.boardBlocked ? row.boardBlocked.messages[locale] : null;
        return blocked
          ? { value: q, disabled: true, label: `${q} · ${t('loops.board.notPublished')}`, title: blocked }
          : { value: q, label };
      })}
      minWidth={170}
    />
  );
}

/** Scheme and quarter pickers side by side (board, quarters). */
export function SchemeQuarterPickers({
  sel,
  forBoard = false,
}: {
  sel: ReturnType<typeof useSchemeSelection>;
  forBoard?: boolean;
}) {
  return (
    <Space wrap>
      <SchemeSelect schemes={sel.schemes.data ?? []} value={sel.scheme?.id} onChange={sel.setScheme} />
      {sel.scheme ? (
        <QuarterSelect
          year={sel.scheme.year}
          states={sel.detail.data?.quarters ?? []}
          value={sel.quarter}
          onChange={sel.setQuarter}
          forBoard={forBoard}
        />
      ) : null}
    </Space>
  );
}
