import { App, Empty, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useBlocker, useSearchParams } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { usePeerTasks } from '../../features/branch-eval/round/api.js';
import { DeadlineText, MonthNav } from '../../features/branch-eval/round/common.js';
import { PeerMonthForm } from '../../features/branch-eval/round/peer-month.js';
import { useI18n } from '../../i18n/index.js';
import { isMonthKey, monthOfDate, recentMonths, windowStatus } from '../../lib/be-round.js';

/** A secretary has about 6 sheets a month (SPEC §3); a branch rating for several branches a few more. */
const PAGE_SIZE = 100;

/**
 * 互评 — every branch assigned to the user's branch this month (`?month=`) on one screen, with the
 * deadline: the rated branches' notes and evidence beside a score per evaluative indicator, and
 * one submit for all. Nothing on the page tells who else rates a branch.
 */
export function PeerPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const today = useToday();
  const running = monthOfDate(today);
  const monthParam = params.get('month');
  const month = isMonthKey(monthParam) && monthParam <= running ? monthParam : running;
  const tasks = usePeerTasks(month, 1, PAGE_SIZE);
  const items = tasks.data?.items ?? [];

  const { modal } = App.useApp();
  const [unsent, setUnsent] = useState(0);
  // Typed scores not submitted are lost on leaving the page or the month: ask first.
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
    setParams(next);
  };

  const showRater = new Set(items.map((x) => x.raterBranchId)).size > 1;
  const done = items.filter((x) => x.submitted).length;
  const due = items[0]?.due;

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
            {' · '}
            {t('be.round.peer.progress', { done, n: items.length })}
          </Typography.Text>
        ) : null}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('be.round.peer.anonymity')}
      </Typography.Paragraph>
      <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      {tasks.isPending ? (
        <PageSpinner />
      ) : tasks.isError ? null : items.length === 0 ? (
        <Empty description={t('be.round.peer.none', { month })} />
      ) : (
        <PeerMonthForm key={month} tasks={items} showRater={showRater} onUnsent={setUnsent} />
      )}
    </div>
  );
}
