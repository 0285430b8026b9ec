import { CheckCircleOutlined, LockOutlined, NotificationOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Modal, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useToday } from '../../app/server-day.js';
import { hasPermission, useMe } from '../../auth/session.js';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { type SchemeDetail, useQuarter, useQuarterAction } from '../../features/points/api.js';
import { ReasonDialog } from '../../features/points/components/reason-dialog.js';
import { SchemeSelect, useSchemeSelection } from '../../features/points/components/scheme-picker.js';
import { QuarterStateTag } from '../../features/points/labels.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { quarterBounds, quartersOfYear } from '../../lib/points.js';

const nonEmpty = <T,>(a: T[]) => (a.length > 0 ? a : undefined);

type Pending = { action: 'close' | 'publish' | 'reopen'; quarter: string } | null;

function QuarterCard({
  scheme,
  quarter,
  highlighted,
  onAction,
}: {
  scheme: SchemeDetail;
  quarter: string;
  highlighted: boolean;
  onAction: (action: 'close' | 'publish' | 'reopen', quarter: string) => void;
}) {
  const today = useToday();
  const { t } = useI18n();
  const me = useMe();
  const q = useQuarter(scheme.id, quarter);
  const { start, end } = quarterBounds(quarter);
  const ended = today > end;
  const state = q.data?.state ?? scheme.quarters.find((x) => x.quarter === quarter)?.state ?? 'open';
  const canClose = hasPermission(me, 'points.quarter.close');
  const canPublish = hasPermission(me, 'points.quarter.publish');
  const appealWindow = scheme.current?.rules.appealWindowDays;

  return (
    <Card
      className={highlighted ? 'kh-card-highlight' : undefined}
      title={
        <Space>
          <span>{quarter}</span>
          <QuarterStateTag state={state} />
        </Space>
      }
      styles={{ body: { minHeight: 168 } }}
      actions={nonEmpty([
        ...(state === 'open' && canClose
          ? [
              <Button
                key="close"
                type="link"
                icon={<LockOutlined />}
                disabled={!ended}
                onClick={() => onAction('close', quarter)}
              >
                {t('points.quarter.close')}
              </Button>,
            ]
          : []),
        ...(state === 'closed' && canClose
          ? [
              <Button
                key="reopen"
                type="link"
                icon={<UnlockOutlined />}
                onClick={() => onAction('reopen', quarter)}
              >
                {t('points.quarter.reopen')}
              </Button>,
            ]
          : []),
        ...(state === 'closed' && canPublish
          ? [
              <Button
                key="publish"
                type="link"
                icon={<NotificationOutlined />}
                onClick={() => onAction('publish', quarter)}
              >
                {t('points.quarter.publish')}
              </Button>,
            ]
          : []),
        ...(state !== 'open'
          ? [
              <ButtonLink key="board" type="link" to={`/points/board?scheme=${scheme.id}&quarter=${quarter}`}>
                {t('points.quarter.viewBoard')}
              </ButtonLink>,
            ]
          : []),
      ])}
    >
      <ErrorAlert error={q.error} />
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {`${start} — ${end}`}
      </Typography.Text>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'members',
            label: t('points.quarter.members'),
            children: q.data?.computedAt ? q.data.members : '—',
          },
          {
            key: 'closed',
            label: t('points.quarter.closedAt'),
            children: q.data?.closedAt ? formatDateTime(q.data.closedAt) : '—',
          },
          {
            key: 'published',
            label: t('points.quarter.publishedOn'),
            children: q.data?.publishedOn ?? '—',
          },
        ]}
      />
      {state === 'open' && !ended ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('points.quarter.notEnded', { end })}
        </Typography.Text>
      ) : null}
      {state === 'published' && appealWindow != null ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('points.quarter.appealWindow', { days: appealWindow })}
        </Typography.Text>
      ) : null}
      {state === 'published' ? (
        <CheckCircleOutlined style={{ color: '#52c41a', marginInlineStart: 8 }} aria-hidden />
      ) : null}
    </Card>
  );
}

/**
 * 季度管理: each quarter of a scheme — open, closed (affairs closes it once reviewed, which
 * computes the scores; a mistaken close is reopened with a reason), published (the committee
 * publishes the board).
 */
export function QuartersPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const sel = useSchemeSelection({ withQuarter: true });
  const act = useQuarterAction();
  const [pending, setPending] = useState<Pending>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const scheme = sel.detail.data;
  const highlighted = sel.params.get('quarter');

  const perform = async (action: 'close' | 'publish' | 'reopen', quarter: string, reason?: string) => {
    if (!scheme) return;
    setFailure(null);
    try {
      await act.mutateAsync({ schemeId: scheme.id, quarter, action, reason });
      void message.success(t(`points.quarter.done.${action}`, { quarter }));
      setPending(null);
    } catch (e) {
      setFailure(e);
      throw e;
    }
  };

  return (
    <>
      <PageTitle>{t('nav.pointsQuarters')}</PageTitle>
      <div className="kh-toolbar">
        <SchemeSelect schemes={sel.schemes.data ?? []} value={sel.scheme?.id} onChange={sel.setScheme} />
      </div>
      <ErrorAlert error={sel.schemes.error ?? sel.detail.error} />
      {sel.schemes.isPending || (sel.scheme && sel.detail.isPending) ? <PageSpinner /> : null}
      {sel.schemes.data && !sel.scheme ? <Empty description={t('points.scheme.noneYet')} /> : null}
      {failure && !pending ? <ErrorAlert error={failure} /> : null}
      {scheme ? (
        <>
          {scheme.current == null ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('points.scheme.notAdoptedYet')}
            />
          ) : null}
          <Row gutter={[16, 16]}>
            {quartersOfYear(scheme.year).map((q) => (
              <Col xs={24} md={12} xl={6} key={q}>
                <QuarterCard
                  scheme={scheme}
                  quarter={q}
                  highlighted={highlighted === q}
                  onAction={(action, quarter) => {
                    setFailure(null);
                    setPending({ action, quarter });
                  }}
                />
              </Col>
            ))}
          </Row>
        </>
      ) : null}
      {pending && pending.action === 'reopen' ? (
        <ReasonDialog
          open
          title={t('points.quarter.reopenTitle', { quarter: pending.quarter })}
          description={t('points.quarter.reopenHint')}
          okText={t('points.quarter.reopen')}
          onSubmit={(reason) => perform('reopen', pending.quarter, reason)}
          onClose={() => setPending(null)}
        />
      ) : null}
      {pending && pending.action !== 'reopen' ? (
        <Modal
          open
          title={
            pending.action === 'close'
              ? t('points.quarter.closeTitle', { quarter: pending.quarter })
              : t('points.quarter.publishTitle', { quarter: pending.quarter })
          }
          okText={pending.action === 'close' ? t('points.quarter.close') : t('points.quarter.publish')}
          cancelText={t('common.cancel')}
          confirmLoading={act.isPending}
          onOk={() => void perform(pending.action, pending.quarter).catch(() => undefined)}
          onCancel={() => setPending(null)}
        >
          <Typography.Paragraph>
            {pending.action === 'close'
              ? t('points.quarter.closeHint')
              : t('points.quarter.publishHint', { days: scheme?.current?.rules.appealWindowDays ?? 10 })}
          </Typography.Paragraph>
          {failure ? (
            <Alert
              type="error"
              showIcon
              title={errorText(failure, locale, t)}
              action={
                pending.action === 'close' ? (
                  <ButtonLink size="small" to="/points/review">
                    {t('nav.pointsReview')}
                  </ButtonLink>
                ) : undefined
              }
            />
          ) : null}
        </Modal>
      ) : null}
    </>
  );
}
