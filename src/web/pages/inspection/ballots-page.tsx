import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type Rating, ratingLabels, ratings } from '../../../domain/inspection/ballots.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { CampaignBackLink } from '../../features/inspection/back-link.js';
import {
  useBallotOverview,
  useCloseBox,
  useEnterPaper,
  useOpenBox,
  usePaperSheets,
  useSetItems,
  useUsedCodes,
} from '../../features/inspection-ballots/api.js';
import { useI18n } from '../../i18n/index.js';

/** The organiser's ballot box: codes issued and used per unit, open/close, tallies after close, paper entry. */
export function BallotsPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const overview = useBallotOverview(id);
  const open = useOpenBox(id);
  const close = useCloseBox(id);
  const [hashesOf, setHashesOf] = useState<number | null>(null);
  const used = useUsedCodes(id, hashesOf);
  if (overview.isPending) return <PageSpinner />;
  if (overview.error) return <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  const itemName = (no: number) => {
    const it = o.items.find((i) => i.itemNo === no);
    return (locale === 'en' ? it?.en : it?.zh) ?? String(no);
  };
  const mutationError = open.error ?? close.error;
  return (
    <>
      <CampaignBackLink campaignId={id} />
      <PageTitle>{t('ib.box.title', { title: o.title })}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color={o.state === 'open' ? 'green' : o.state === 'closed' ? 'default' : 'blue'}>
          {t(`ib.box.state.${o.state}`)}
        </Tag>
        {o.state === 'setup' ? (
          <Button type="primary" loading={open.isPending} onClick={() => open.mutate(undefined)}>
            {t('ib.box.open')}
          </Button>
        ) : null}
        {o.state === 'open' ? (
          <Button
            danger
            loading={close.isPending}
            onClick={() =>
              Modal.confirm({ title: t('ib.box.closeConfirm'), onOk: () => close.mutateAsync(undefined) })
            }
          >
            {t('ib.box.close')}
          </Button>
        ) : null}
        {o.state !== 'closed' ? (
          <Link to={`/inspection/${id}/ballots/pack`}>{t('ib.pack.link')}</Link>
        ) : (
          <Link to={`/ballot/counted?campaign=${id}`}>{t('insp.link.counted')}</Link>
        )}
      </Space>
      {mutationError ? <Alert type="error" showIcon title={errorText(mutationError, locale, t)} /> : null}
      <Typography.Paragraph type="secondary">{t('ib.box.rule', { n: o.minBallots })}</Typography.Paragraph>
      {o.state === 'setup' ? <ItemsEditor campaignId={id} items={o.items} /> : null}
      <Table
        rowKey="unitId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={o.units}
        columns={[
          { title: t('ib.unit'), dataIndex: 'name' },
          { title: t('ib.box.issued'), dataIndex: 'issued' },
          { title: t('ib.box.used'), dataIndex: 'used' },
          {
            title: t('ib.tally.mean'),
            render: (_, u) =>
              u.tally === null ? (
                <Typography.Text type="secondary">{t('ib.tally.afterClose')}</Typography.Text>
              ) : u.tally.visible ? (
                u.tally.mean?.toFixed(2)
              ) : (
                <Tag>{t('ib.tally.tooFew', { n: o.minBallots })}</Tag>
              ),
          },
          {
            title: t('ib.tally.goodRate'),
            render: (_, u) => (u.tally?.visible ? `${u.tally.goodRate?.toFixed(2)}%` : ''),
          },
          {
            title: t('common.actions'),
            render: (_, u) =>
              o.state === 'closed' ? (
                <Button size="small" onClick={() => setHashesOf(u.unitId)}>
                  {t('ib.box.usedHashes')}
                </Button>
              ) : null,
          },
        ]}
        expandable={{
          rowExpandable: (u) => u.tally?.visible === true,
          expandedRowRender: (u) => (
            <Table
              rowKey="itemNo"
              size="small"
              pagination={false}
              dataSource={u.tally?.items ?? []}
              columns={[
                { title: t('ib.item'), render: (_, i) => itemName(i.itemNo) },
                ...ratings.map((r) => ({
                  title: locale === 'en' ? ratingLabels[r].en : ratingLabels[r].zh,
                  render: (_: unknown, i: { counts: Record<Rating, number> }) => i.counts[r],
                })),
                { title: t('ib.tally.mean'), render: (_, i) => i.mean.toFixed(2) },
                { title: t('ib.tally.goodRate'), render: (_, i) => `${i.goodRate.toFixed(2)}%` },
              ]}
            />
          ),
        }}
      />
      <Modal
        open={hashesOf !== null}
        onCancel={() => setHashesOf(null)}
        footer={null}
        title={t('ib.box.usedHashes')}
      >
        {used.data ? (
          <>
            <Typography.Paragraph>
              {t('ib.box.issuedUsed', { issued: used.data.issued, used: used.data.used })}
            </Typography.Paragraph>
            <pre style={{ fontSize: 11, maxHeight: 320, overflow: 'auto' }}>
              {used.data.usedHashes.join('\n')}
            </pre>
          </>
        ) : used.error ? (
          <ErrorAlert error={used.error} />
        ) : null}
      </Modal>
      {o.state === 'open' ? (
        <PaperEntry
          campaignId={id}
          units={o.units}
          itemNos={o.items.map((i) => i.itemNo)}
          itemName={itemName}
        />
      ) : null}
    </>
  );
}

/** The ballot items, editable until the box opens (default: the five of SPEC §5). */
function ItemsEditor({
  campaignId,
  items,
}: {
  campaignId: number;
  items: { itemNo: number; zh: string; en: string }[];
}) {
  const { t, locale } = useI18n();
  const save = useSetItems(campaignId);
  return (
    <Card size="small" title={t('ib.items.title')} style={{ marginBottom: 16 }}>
      <Form
        initialValues={{ items: items.map((i) => ({ zh: i.zh, en: i.en })) }}
        onFinish={(v: { items: { zh: string; en: string }[] }) => save.mutate({ items: v.items })}
      >
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} wrap align="baseline">
                  <Typography.Text>{i + 1}.</Typography.Text>
                  <Form.Item name={[field.name, 'zh']} rules={[{ required: true, max: 40 }]}>
                    <Input aria-label={t('ib.items.zh', { n: i + 1 })} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'en']}>
                    <Input aria-label={t('ib.items.en', { n: i + 1 })} style={{ width: 220 }} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} disabled={fields.length <= 1}>
                    ×
                  </Button>
                </Space>
              ))}
              <Space>
                <Button onClick={() => add({ zh: '', en: '' })} disabled={fields.length >= 20}>
                  {t('ib.items.add')}
                </Button>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  {t('ib.items.save')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
      {save.error ? (
        <Alert type="error" showIcon title={errorText(save.error, locale, t)} style={{ marginTop: 8 }} />
      ) : null}
    </Card>
  );
}

function PaperEntry({
  campaignId,
  units,
  itemNos,
  itemName,
}: {
  campaignId: number;
  units: { unitId: number; name: string }[];
  itemNos: number[];
  itemName: (n: number) => string;
}) {
  const { t, locale } = useI18n();
  const sheets = usePaperSheets(campaignId);
  const enter = useEnterPaper(campaignId);
  const [form] = Form.useForm();
  const submit = (v: {
    unitId: number;
    sheetNo: number;
    ballots: number;
    c: Record<string, Record<Rating, number>>;
  }) =>
    enter.mutate(
      {
        unitId: v.unitId,
        sheetNo: v.sheetNo,
        ballots: v.ballots,
        counts: Object.fromEntries(
          itemNos.map((i) => [
            String(i),
            Object.fromEntries(ratings.map((r) => [r, v.c?.[i]?.[r] ?? 0])) as Record<Rating, number>,
          ]),
        ),
      },
      { onSuccess: () => void sheets.refetch() },
    );
  return (
    <Card title={t('ib.paper.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('ib.paper.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Space wrap>
          <Form.Item name="unitId" label={t('ib.unit')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 160 }}
              options={units.map((u) => ({ value: u.unitId, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="sheetNo" label={t('ib.paper.sheet')} initialValue={1} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="ballots" label={t('ib.paper.ballots')} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
        </Space>
        {itemNos.map((i) => (
          <Space key={i} wrap align="baseline">
            <Typography.Text style={{ width: 96, display: 'inline-block' }}>{itemName(i)}</Typography.Text>
            {ratings.map((r) => (
              <Form.Item
                key={r}
                name={['c', i, r]}
                label={locale === 'en' ? ratingLabels[r].en : ratingLabels[r].zh}
                initialValue={0}
              >
                <InputNumber min={0} style={{ width: 72 }} />
              </Form.Item>
            ))}
          </Space>
        ))}
        <Button type="primary" htmlType="submit" loading={enter.isPending}>
          {t('ib.paper.enter')}
        </Button>
      </Form>
      {enter.error ? (
        <Alert type="error" showIcon title={errorText(enter.error, locale, t)} style={{ marginTop: 8 }} />
      ) : null}
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey={(s) => `${s.unitId}-${s.sheetNo}`}
        pagination={false}
        dataSource={sheets.data?.items ?? []}
        columns={[
          { title: t('ib.unit'), dataIndex: 'unitName' },
          { title: t('ib.paper.sheet'), dataIndex: 'sheetNo' },
          { title: t('ib.paper.entries'), dataIndex: 'entries' },
          {
            title: t('ib.paper.status'),
            render: (_, s) => (
              <Tag color={s.status === 'applied' ? 'green' : s.status === 'mismatch' ? 'red' : 'blue'}>
                {t(`ib.paper.status.${s.status}`)}
              </Tag>
            ),
          },
          { title: t('ib.paper.differences'), render: (_, s) => s.differences.join('; ') },
        ]}
      />
    </Card>
  );
}
