import { ExperimentOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  InputNumber,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { tiers } from '../../../../domain/points/tiers.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { points2 } from '../../../lib/points.js';
import { type TrialResponse, useTrial } from '../api.js';
import { TierTag } from '../labels.js';

type Changed = TrialResponse['changed'][number];

/**
 * 方案试算: scores a year's approved entries with the draft and with the version in force and
 * shows how the tiers would move — before the committee adopts the draft. Nothing is stored.
 */
export function TrialPanel({
  schemeId,
  defaultYear,
  hasDraft,
}: {
  schemeId: number;
  defaultYear: number;
  hasDraft: boolean;
}) {
  const { t } = useI18n();
  const trial = useTrial();
  const [year, setYear] = useState<number | null>(null);
  const r = trial.data;

  const tierRows = tiers.map((tier) => ({
    tier,
    current: r?.current[tier] ?? 0,
    draft: r?.draft[tier] ?? 0,
  }));
  const changedColumns: TableColumnsType<Changed> = [
    {
      title: t('points.board.name'),
      key: 'name',
      render: (_v, c) => t('common.nameWithNote', { name: c.name, note: c.employeeNo }),
    },
    { title: t('points.board.branch'), dataIndex: 'branchName' },
    {
      title: t('points.trial.score'),
      key: 'score',
      align: 'right',
      render: (_v, c) => `${points2(c.currentScore)} → ${points2(c.draftScore)}`,
    },
    {
      title: t('points.trial.tier'),
      key: 'tier',
      render: (_v, c) => (
        <Space size={4}>
          {c.currentTier ? <TierTag tier={c.currentTier} /> : '—'}
          <span aria-hidden>→</span>
          <TierTag tier={c.draftTier} />
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Typography.Paragraph type="secondary">{t('points.trial.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <InputNumber
          aria-label={t('points.trial.year')}
          placeholder={String(defaultYear - 1)}
          value={year}
          onChange={(v) => setYear(v)}
          min={2000}
          max={2100}
          precision={0}
          prefix={t('points.trial.yearPrefix')}
          style={{ width: 180 }}
        />
        <Button
          type="primary"
          icon={<ExperimentOutlined />}
          disabled={!hasDraft}
          loading={trial.isPending}
          onClick={() => trial.mutate({ id: schemeId, ...(year ? { year } : {}) })}
        >
          {t('points.trial.run')}
        </Button>
        {!hasDraft ? (
          <Typography.Text type="secondary">{t('points.trial.needsDraft')}</Typography.Text>
        ) : null}
      </Space>
      <ErrorAlert error={trial.error} />
      {r ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title={t('points.trial.summary', {
              year: r.year,
              entries: r.entries,
              members: r.members,
              quarters: r.quarters.join(t('common.listSeparator')) || '—',
            })}
            description={
              <>
                {t('points.trial.versions', {
                  current: r.currentVersion
                    ? t('points.scheme.versionN', { n: r.currentVersion.version })
                    : '—',
                  draft: t('points.scheme.versionN', { n: r.draftVersion.version }),
                })}
                {r.droppedEntries.current + r.droppedEntries.draft > 0
                  ? ` ${t('points.trial.dropped', { current: r.droppedEntries.current, draft: r.droppedEntries.draft })}`
                  : ''}
              </>
            }
          />
          <Row gutter={16}>
            <Col xs={24} lg={10}>
              <Card size="small" title={t('points.trial.distribution')}>
                <Table<(typeof tierRows)[number]>
                  rowKey="tier"
                  size="small"
                  pagination={false}
                  dataSource={tierRows}
                  columns={[
                    {
                      title: t('points.year.tier'),
                      key: 'tier',
                      render: (_v, x) => <TierTag tier={x.tier} />,
                    },
                    { title: t('points.trial.current'), dataIndex: 'current', align: 'right' },
                    { title: t('points.trial.draft'), dataIndex: 'draft', align: 'right' },
                    {
                      title: t('points.trial.delta'),
                      key: 'delta',
                      align: 'right',
                      render: (_v, x) => {
                        const d = x.draft - x.current;
                        return (
                          <Typography.Text type={d > 0 ? 'success' : d < 0 ? 'danger' : 'secondary'}>
                            {d > 0 ? `+${d}` : d}
                          </Typography.Text>
                        );
                      },
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Card size="small" title={t('points.trial.changed', { count: r.changed.length })}>
                <Table<Changed>
                  rowKey="memberId"
                  size="small"
                  columns={changedColumns}
                  dataSource={r.changed}
                  scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  locale={{ emptyText: t('points.trial.noChange') }}
                />
              </Card>
            </Col>
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('points.trial.nothingStored')}
          </Typography.Text>
        </Space>
      ) : null}
    </div>
  );
}
