import { LeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Grid, Pagination, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useBlocker, useSearchParams } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { type PeerTask, usePeerTasks } from '../../features/branch-eval/round/api.js';
import { DeadlineText, MonthNav } from '../../features/branch-eval/round/common.js';
import { PeerSheet, TaskStateTag, taskKey } from '../../features/branch-eval/round/peer-sheet.js';
import { useI18n } from '../../i18n/index.js';
import {
  isMonthKey,
  monthOfDate,
  neighbours,
  nextPending,
  recentMonths,
  windowStatus,
} from '../../lib/be-round.js';

const PAGE_SIZE = 20;

/**
 * 互评 — the branches assigned to the user's branch this month (`?month=`), done or to do, with
 * the deadline; opening one shows its evaluative indicators with their 评分标准 and a score each.
 * Nothing on the page tells who else rates a branch. Keyboard: Tab through the scores, Enter
 * submits a complete sheet, ‹ › go to the previous and next branch.
 */
export function PeerPage() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg === true;
  const [params, setParams] = useSearchParams();
  const today = useToday();
  const running = monthOfDate(today);
  const monthParam = params.get('month');
  const month = isMonthKey(monthParam) && monthParam <= running ? monthParam : running;
  const [page, setPage] = useState(1);
  const [edge, setEdge] = useState<'first' | 'last' | null>(null);
  const tasks = usePeerTasks(month, page, PAGE_SIZE);
  const items = tasks.data?.items ?? [];
  const total = tasks.data?.total ?? 0;
  const [drafts, setDrafts] = useState<Record<string, Record<string, string>>>({});
  const selectedParam = params.get('task');

  const select = (key: string | null, replace = false) => {
    const next = new URLSearchParams(params);
    if (key) next.set('task', key);
    else next.delete('task');
    setParams(next, { replace });
  };

  // After paging with ‹ ›, open the first or last task of the new page once it has arrived.
  useEffect(() => {
    if (!edge || tasks.isPlaceholderData || items.length === 0) return;
    const task = edge === 'first' ? items[0] : items[items.length - 1];
    setEdge(null);
    if (task) select(taskKey(task), true);
  });

  const selected: PeerTask | undefined =
    items.find((x) => taskKey(x) === selectedParam) ??
    // On a wide screen a sheet is always open: the first one still to do, else the first.
    (wide && !selectedParam ? (items.find((x) => !x.submitted && x.open) ?? items[0]) : undefined);

  const unsent = useMemo(
    () =>
      items.filter(
        (x) => !x.submitted && x.open && Object.values(drafts[taskKey(x)] ?? {}).some((v) => v.trim() !== ''),
      ).length,
    [items, drafts],
  );
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsent > 0 &&
      (currentLocation.pathname !== nextLocation.pathname ||
        new URLSearchParams(currentLocation.search).get('month') !==
          new URLSearchParams(nextLocation.search).get('month')),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('be.round.peer.leaveTitle'),
      content: t('be.round.peer.leaveBody', { n: unsent }),
      okText: t('be.round.leave.ok'),
      okButtonProps: { danger: true },
      cancelText: t('be.round.leave.stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t, unsent]);

  const setMonth = (m: string) => {
    const next = new URLSearchParams(params);
    next.set('month', m);
    next.delete('task');
    setParams(next);
    setPage(1);
  };

  const showRater = new Set(items.map((x) => x.raterBranchId)).size > 1;
  const done = items.filter((x) => x.submitted).length;
  const due = items[0]?.due;
  const isCurrent = (x: PeerTask) => selected !== undefined && taskKey(x) === taskKey(selected);
  const near = neighbours(items, isCurrent);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const onPrevious = near.previous
    ? () => select(taskKey(near.previous as PeerTask))
    : page > 1
      ? () => {
          setEdge('last');
          setPage(page - 1);
        }
      : undefined;
  const onNext = near.next
    ? () => select(taskKey(near.next as PeerTask))
    : page < pages
      ? () => {
          setEdge('first');
          setPage(page + 1);
        }
      : undefined;

  const list = (
    <Card
      title={t('be.round.peer.listTitle', { n: total })}
      extra={
        total > 0 ? (
          <Typography.Text type="secondary">
            {pages > 1
              ? t('be.round.peer.progressPage', { done, n: items.length })
              : t('be.round.peer.progress', { done, n: items.length })}
          </Typography.Text>
        ) : null
      }
    >
      {items.length === 0 ? (
        <Empty description={t('be.round.peer.none', { month })} />
      ) : (
        <ul className="kh-be-tasks" aria-label={t('be.round.peer.listLabel')}>
          {items.map((x) => {
            const current = isCurrent(x);
            return (
              <li key={taskKey(x)}>
                <button
                  type="button"
                  className={`kh-be-task${current ? ' kh-be-task-current' : ''}`}
                  aria-current={current ? 'true' : undefined}
                  onClick={() => select(taskKey(x))}
                >
                  <span className="kh-be-task-name" title={x.ratedBranchName}>
                    {x.ratedBranchName}
                    {showRater ? (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {t('be.round.peer.asRater', { branch: x.raterBranchName })}
                      </Typography.Text>
                    ) : null}
                  </span>
                  <TaskStateTag task={x} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {total > PAGE_SIZE ? (
        <Pagination
          size="small"
          style={{ marginTop: 8, textAlign: 'center' }}
          current={page}
          pageSize={PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          onChange={(p) => setPage(p)}
        />
      ) : null}
    </Card>
  );

  const sheet = selected ? (
    <Card>
      {!wide ? (
        <Button
          type="link"
          icon={<LeftOutlined />}
          style={{ padding: 0, marginBottom: 8 }}
          onClick={() => select(null)}
        >
          {t('be.round.peer.backToList')}
        </Button>
      ) : null}
      <PeerSheet
        key={taskKey(selected)}
        task={selected}
        texts={drafts[taskKey(selected)] ?? {}}
        onText={(code, text) =>
          setDrafts((d) => {
            const k = taskKey(selected);
            return { ...d, [k]: { ...(d[k] ?? {}), [code]: text } };
          })
        }
        showRater={showRater}
        today={today}
        onPrevious={onPrevious}
        onNext={onNext}
        onSubmitted={(saved) => {
          const k = taskKey(saved);
          setDrafts((d) => {
            const { [k]: _sent, ...rest } = d;
            return rest;
          });
          const updated = items.map((x) => (taskKey(x) === k ? saved : x));
          const next = nextPending(updated, (x) => taskKey(x) === k);
          if (next) select(taskKey(next), true);
        }}
      />
    </Card>
  ) : null;

  return (
    <div className="kh-be-page" style={{ maxWidth: 1200 }}>
      <PageTitle>{t('nav.bePeer')}</PageTitle>
      <div className="kh-be-toolbar">
        <MonthNav month={month} months={recentMonths(today, 12, month)} max={running} onChange={setMonth} />
        {due ? (
          <Typography.Text>
            {t('be.round.peer.dueLine', { date: due })}
            {' · '}
            <DeadlineText
              status={windowStatus(
                today,
                { opensOn: `${month}-01`, due },
                items.some((x) => x.open),
              )}
            />
          </Typography.Text>
        ) : null}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('be.round.peer.anonymity')}
      </Typography.Paragraph>
      <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      {tasks.isPending ? (
        <PageSpinner />
      ) : tasks.isError ? null : wide ? (
        <div className="kh-be-peer-layout">
          {list}
          {sheet ?? (
            <Card>
              <Empty description={t('be.round.peer.pick')} />
            </Card>
          )}
        </div>
      ) : (
        (sheet ?? list)
      )}
    </div>
  );
}
