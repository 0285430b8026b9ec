import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Input, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useDeferredValue, useEffect, useState } from 'react';
import { BOARD_PAGE_SIZE } from '../../../domain/points/opening-view.js';
import { useToday } from '../../app/server-day.js';
import { useMe } from '../../auth/session.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { NativeSelect } from '../../components/native-select.js';
import { OnFirstOpen } from '../../components/on-first-open.js';
import { PageTitle } from '../../components/page-title.js';
import { Panel } from '../../components/panel.js';
import {
  type BoardQuery,
  type BoardRow,
  exportBoard,
  fetchWholeBoard,
  useBoard,
} from '../../features/points/api.js';
import type { ExplainTarget } from '../../features/points/components/explain-drawer.js';
import { Movement } from '../../features/points/components/movement.js';
import { SchemeQuarterPickers, useSchemeSelection } from '../../features/points/components/scheme-picker.js';
import { QuarterStateTag, usePointsLabels } from '../../features/points/labels.js';
import { useI18n } from '../../i18n/index.js';
import { points2 } from '../../lib/points.js';
import { useWide } from '../../lib/wide.js';

// Only an officer picks any org of their subtree (the tree picker and antd's tree come with
// it); the explanation drawer opens on a click. Neither is fetched with a member's board.
const OrgTreeSelect = lazy(async () => ({
  default: (await import('../../components/org-tree-select.js')).OrgTreeSelect,
}));
// antd's table (and the tree its filter menus import) only on wide screens and for printing; a
// phone shows the board as a plain list.
let tableModule: Promise<typeof import('./board-table.js')> | undefined;
const loadTable = () => {
  tableModule ??= import('./board-table.js');
  return tableModule;
};
const BoardTable = lazy(async () => ({ default: (await loadTable()).BoardTable }));
const ExplainDrawer = lazy(async () => ({
  default: (await import('../../features/points/components/explain-drawer.js')).ExplainDrawer,
}));

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * 亮分榜: a published quarter's board of an org — rank, movement, the three dimensions and
 * deductions (or "—" where the scheme hides others' deductions). Every score opens its
 * explanation; the board prints cleanly and exports to Excel.
 */
export function BoardPage() {
  const today = useToday();
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const labels = usePointsLabels();
  const narrow = !useWide();
  const sel = useSchemeSelection({ withQuarter: true });
  const orgId = num(sel.params.get('org'));
  const q = sel.params.get('q') ?? '';
  const page = num(sel.params.get('page')) ?? 1;
  const [searchText, setSearchText] = useState(q);
  const [printing, setPrinting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [explain, setExplain] = useState<ExplainTarget | null>(null);
  // Printing prints every row of the board (776 for the bureau), not the page on screen.
  const [printRows, setPrintRows] = useState<BoardRow[] | null>(null);
  const pageSize = BOARD_PAGE_SIZE;
  const query: BoardQuery | null =
    sel.scheme && sel.quarter
      ? { schemeId: sel.scheme.id, quarter: sel.quarter, ...(orgId ? { orgId } : {}), ...(q ? { q } : {}) }
      : null;
  const board = useBoard(query, page, pageSize);
  // The rows are drawn as a transition: a phone draws them in slices between frames instead of
  // one long task when the answer arrives (the spinner stays until they are drawn).
  const data = useDeferredValue(board.data);
  const isOfficer = me.grants.some((g) => g.role !== 'member');

  // Print the whole board: load every row first, then open the browser's print dialog.
  const startPrinting = async () => {
    if (!query) return;
    setPrinting(true);
    try {
      const [rows] = await Promise.all([fetchWholeBoard(query), loadTable()]);
      setPrintRows(rows);
    } catch (e) {
      setPrinting(false);
      void message.error(errorText(e, locale, t));
    }
  };
  useEffect(() => {
    if (!printRows) return;
    const done = () => {
      setPrinting(false);
      setPrintRows(null);
    };
    window.addEventListener('afterprint', done, { once: true });
    const timer = window.setTimeout(() => window.print(), 100);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', done);
    };
  }, [printRows]);

  const open = (r: BoardRow) =>
    sel.scheme &&
    sel.quarter &&
    setExplain({ schemeId: sel.scheme.id, quarter: sel.quarter, memberId: r.memberId, name: r.name });
  const scoreButton = (r: BoardRow, value: number, label: string, strong = false) => (
    <Button
      type="link"
      size="small"
      className="kh-score-link"
      onClick={() => open(r)}
      aria-label={t('points.board.explainNamed', { name: r.name, what: label, value: points2(value) })}
    >
      {strong ? <strong>{points2(value)}</strong> : points2(value)}
    </Button>
  );

  const columns: TableColumnsType<BoardRow> = [
    {
      title: t('points.board.rank'),
      dataIndex: 'rank',
      width: 64,
      align: 'center',
      render: (v: number) => <span className={v <= 3 ? `kh-rank kh-rank-${v}` : 'kh-rank'}>{v}</span>,
    },
    {
      title: t('points.board.movement'),
      dataIndex: 'movement',
      width: 72,
      align: 'center',
      render: (v: number | null) => <Movement value={v} />,
    },
    {
      title: t('points.board.name'),
      key: 'name',
      render: (_v, r) => (
        <Space size={4}>
          <Typography.Text strong={r.memberId === me.memberId}>{r.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.employeeNo}
          </Typography.Text>
          {r.memberId === me.memberId ? <Tag color="red">{t('points.board.me')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('points.board.branch'), dataIndex: 'branchName', ellipsis: true },
    {
      title: t('points.board.total'),
      key: 'total',
      align: 'right',
      render: (_v, r) => scoreButton(r, r.total, t('points.board.total'), true),
    },
    ...(['political', 'professional', 'civility'] as const).map((d) => ({
      title: labels.dimension(d),
      key: d,
      align: 'right' as const,
      render: (_v: unknown, r: BoardRow) => scoreButton(r, r[d], labels.dimension(d)),
    })),
    {
      title: t('points.board.deductions'),
      key: 'deductions',
      align: 'right',
      render: (_v, r) =>
        r.deductions === null ? (
          <Typography.Text
            type="secondary"
            title={t('points.board.hidden')}
            aria-label={t('points.board.hidden')}
          >
            —
          </Typography.Text>
        ) : r.deductions > 0 ? (
          <Typography.Text type="danger">-{points2(r.deductions)}</Typography.Text>
        ) : (
          points2(0)
        ),
    },
  ];

  const doExport = async () => {
    if (!query) return;
    setExporting(true);
    try {
      await exportBoard(query, `${t('nav.pointsBoard')}-${query.quarter}.xlsx`);
    } catch (e) {
      void message.error(errorText(e, locale, t));
    } finally {
      setExporting(false);
    }
  };

  const state = data?.state;
  return (
    <>
      <PageTitle>{t('nav.pointsBoard')}</PageTitle>
      <Panel className="kh-board-card">
        <div className="kh-toolbar kh-no-print">
          <SchemeQuarterPickers sel={sel} forBoard />
          {isOfficer ? (
            <div style={{ width: 240 }}>
              <Suspense
                fallback={
                  <NativeSelect
                    disabled
                    value={undefined}
                    options={[]}
                    onChange={() => undefined}
                    placeholder={t('points.board.orgDefault')}
                    aria-label={t('points.board.org')}
                  />
                }
              >
                <OrgTreeSelect
                  tree="party"
                  aria-label={t('points.board.org')}
                  placeholder={t('points.board.orgDefault')}
                  allowClear
                  value={orgId}
                  onChange={(v) => sel.update({ org: v ? String(v) : null })}
                />
              </Suspense>
            </div>
          ) : (data?.memberScopes.length ?? 0) > 1 ? (
            // A member reads the boards of the orgs they belong to: their branch and those above it.
            <NativeSelect
              aria-label={t('points.board.org')}
              minWidth={200}
              value={data?.orgId}
              onChange={(v) => sel.update({ org: String(v), page: null })}
              options={
                data?.memberScopes.map((o) => ({ value: o.orgId, label: `${o.name}（${o.code}）` })) ?? []
              }
            />
          ) : null}
          <Input.Search
            allowClear
            placeholder={t('member.searchPlaceholder')}
            aria-label={t('member.search')}
            value={searchText}
            onChange={(e) => {
              setSearchText(e.target.value);
              if (!e.target.value) sel.update({ q: null });
            }}
            onSearch={(v) => sel.update({ q: v.trim() || null })}
            style={{ width: 200 }}
          />
          <div className="kh-toolbar-spacer" />
          <Button
            icon={<PrinterOutlined />}
            disabled={!data || data.items.length === 0}
            loading={printing}
            onClick={() => void startPrinting()}
          >
            {t('points.board.print')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            disabled={!data || data.total === 0}
            loading={exporting}
            onClick={() => void doExport()}
          >
            {t('points.board.export')}
          </Button>
        </div>
        <ErrorAlert error={sel.schemes.error ?? board.error} onRetry={() => void board.refetch()} />
        {sel.schemes.data && !sel.scheme ? <Empty description={t('points.scheme.noneYet')} /> : null}
        {sel.scheme && !data && (board.isPending || board.data) ? <PageSpinner /> : null}
        {data ? (
          <>
            <div className="kh-board-head">
              <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
                {t('points.board.heading', { org: data.orgName, quarter: data.quarter })}
              </Typography.Title>
              <Space size={8} wrap>
                {state ? <QuarterStateTag state={state} /> : null}
                <Typography.Text type="secondary">{sel.scheme?.name}</Typography.Text>
                <Typography.Text type="secondary" className="kh-print-only">
                  {t('points.board.printedOn', { date: today })}
                </Typography.Text>
              </Space>
            </div>
            {state === 'open' ? (
              <Empty description={t('points.board.open')} />
            ) : (
              <>
                {state === 'closed' ? (
                  <Alert
                    type="info"
                    showIcon
                    className="kh-no-print"
                    style={{ marginBottom: 12 }}
                    title={t('points.board.notPublished')}
                  />
                ) : null}
                {narrow && !printRows ? (
                  // A phone shows what a member looks for — place, name, score — and the rest in
                  // the explanation.
                  <BoardList
                    rows={data.items}
                    meId={me.memberId}
                    busy={board.isFetching}
                    page={page}
                    pageSize={pageSize}
                    total={data.total}
                    onPage={(p) => sel.update({ page: p > 1 ? String(p) : null })}
                    score={(r) => (
                      // A plain button: fifty antd buttons cost a phone more to draw than the list.
                      <button
                        type="button"
                        className="kh-score-link kh-plain-link"
                        onClick={() => open(r)}
                        aria-label={t('points.board.explainNamed', {
                          name: r.name,
                          what: t('points.board.total'),
                          value: points2(r.total),
                        })}
                      >
                        <strong>{points2(r.total)}</strong>
                      </button>
                    )}
                  />
                ) : (
                  <Suspense fallback={<PageSpinner />}>
                    <BoardTable
                      rowKey="memberId"
                      size="middle"
                      columns={columns}
                      dataSource={printRows ?? data.items}
                      loading={board.isFetching && !printing}
                      scroll={{ x: 'max-content' }}
                      rowClassName={(r) => (r.memberId === me.memberId ? 'kh-row-me' : '')}
                      pagination={
                        printRows
                          ? false
                          : {
                              current: page,
                              pageSize,
                              total: data.total,
                              showSizeChanger: false,
                              showTotal: (total) => t('points.board.count', { total }),
                              onChange: (p) => sel.update({ page: p > 1 ? String(p) : null }),
                            }
                      }
                    />
                  </Suspense>
                )}
                <Typography.Paragraph
                  type="secondary"
                  className="kh-no-print"
                  style={{ fontSize: 12, marginTop: 8 }}
                >
                  {t('points.board.explainHint')}
                </Typography.Paragraph>
              </>
            )}
          </>
        ) : null}
      </Panel>
      <OnFirstOpen open={explain !== null}>
        <ExplainDrawer target={explain} onClose={() => setExplain(null)} />
      </OnFirstOpen>
    </>
  );
}

/**
 * The board on a phone: an ordered list of place, name (with movement and "me") and total, the
 * total opening its explanation, and a pager of the same 50 rows a page as the table.
 */
function BoardList({
  rows,
  meId,
  busy,
  page,
  pageSize,
  total,
  onPage,
  score,
}: {
  rows: BoardRow[];
  meId: number | null;
  busy: boolean;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  score: (r: BoardRow) => ReactNode;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="kh-board-list-wrap" aria-busy={busy}>
      <ol className="kh-board-list" aria-label={t('nav.pointsBoard')}>
        {rows.map((r) => (
          <li
            key={r.memberId}
            className={r.memberId === meId ? 'kh-board-item kh-board-me' : 'kh-board-item'}
          >
            <span className={r.rank <= 3 ? `kh-rank kh-rank-${r.rank}` : 'kh-rank'}>
              <span className="kh-visually-hidden">{t('points.board.rank')} </span>
              {r.rank}
            </span>
            <span className="kh-board-who">
              {r.memberId === meId ? <strong>{r.name}</strong> : <span>{r.name}</span>}
              <Movement value={r.movement} plain />
              {r.memberId === meId ? <Tag color="red">{t('points.board.me')}</Tag> : null}
            </span>
            <span className="kh-board-score">{score(r)}</span>
          </li>
        ))}
      </ol>
      <nav className="kh-board-pager" aria-label={t('points.board.pages')}>
        <Typography.Text type="secondary">{t('points.board.count', { total })}</Typography.Text>
        {pages > 1 ? (
          <Space size={4}>
            <Button
              size="small"
              disabled={page <= 1}
              onClick={() => onPage(page - 1)}
              aria-label={t('points.board.prevPage')}
            >
              ‹
            </Button>
            <span aria-live="polite">{t('points.board.pageOf', { page, pages })}</span>
            <Button
              size="small"
              disabled={page >= pages}
              onClick={() => onPage(page + 1)}
              aria-label={t('points.board.nextPage')}
            >
              ›
            </Button>
          </Space>
        ) : null}
      </nav>
    </div>
  );
}
