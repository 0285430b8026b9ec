import {
  ArrowLeftOutlined,
  CopyOutlined,
  DownloadOutlined,
  SafetyCertificateOutlined,
  SaveOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import type { SchemeItemDto } from '../../../contracts/points.js';
import { defaultSchemeRules, type SchemeRules } from '../../../domain/points/scheme.js';
import { validateScheme } from '../../../domain/points/scheme-validation.js';
import { call } from '../../api/call.js';
import { ApiError } from '../../api/client.js';
import { pointsApi } from '../../api/endpoints.js';
import { hasPermission, useMe } from '../../auth/session.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { NotFound } from '../../components/result-pages.js';
import {
  exportItems,
  type SchemeDetail,
  useAdoptDraft,
  useSaveDraft,
  useScheme,
  useSchemes,
} from '../../features/points/api.js';
import { IssuesList, ItemsEditor, RulesForm } from '../../features/points/components/scheme-editor.js';
import { SheetImport } from '../../features/points/components/sheet-import.js';
import { TrialPanel } from '../../features/points/components/trial-panel.js';
import { QuarterStateTag } from '../../features/points/labels.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

interface Working {
  rules: SchemeRules;
  items: SchemeItemDto[];
  note: string;
}

const fromDetail = (d: SchemeDetail): Working => {
  const v = d.draft ?? d.current;
  return { rules: v?.rules ?? defaultSchemeRules(), items: v ? [...v.items] : [], note: d.draft?.note ?? '' };
};

const same = (a: Working, b: Working) => JSON.stringify(a) === JSON.stringify(b);

function CopyModal({
  scheme,
  onCopy,
  onClose,
}: {
  scheme: SchemeDetail;
  onCopy: (w: Working) => void;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const schemes = useSchemes();
  const [from, setFrom] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const options = (schemes.data ?? []).filter((s) => s.id !== scheme.id && s.currentVersion != null);
  const lastYear = options
    .filter((s) => s.rootOrgId === scheme.rootOrgId && s.year < scheme.year)
    .sort((a, b) => b.year - a.year)[0];
  const chosen = from ?? lastYear?.id;
  const go = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      const d = await call(pointsApi.getScheme, { params: { id: chosen } });
      if (!d.current) return;
      onCopy({
        rules: d.current.rules,
        items: [...d.current.items],
        note: t('points.scheme.copiedNote', { name: d.name }),
      });
      onClose();
    } catch (e) {
      void message.error(errorText(e, locale, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('points.scheme.copyTitle')}
      okText={t('points.scheme.copyOk')}
      okButtonProps={{ disabled: !chosen, loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => void go()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('points.scheme.copyIntro')}</Typography.Paragraph>
      <Select
        aria-label={t('points.scheme.copyFrom')}
        style={{ width: '100%' }}
        value={chosen}
        onChange={setFrom}
        loading={schemes.isPending}
        options={options.map((s) => ({
          value: s.id,
          label: s.year === scheme.year - 1 ? t('points.scheme.lastYearOption', { name: s.name }) : s.name,
        }))}
      />
    </Modal>
  );
}

/**
 * One scheme: the items table editor, the rules form, the checks (live, as the officer edits),
 * trial scoring, the items' Excel import, the quarters; affairs saves the draft, the committee
 * adopts it.
 */
export function SchemeDetailPage() {
  const { id } = useParams();
  const schemeId = Number(id);
  const me = useMe();
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const detail = useScheme(Number.isInteger(schemeId) && schemeId > 0 ? schemeId : null);
  const save = useSaveDraft();
  const adopt = useAdoptDraft();
  const [working, setWorking] = useState<Working | null>(null);
  const [baseline, setBaseline] = useState<Working | null>(null);
  const [tab, setTab] = useState('items');
  const [copying, setCopying] = useState(false);
  const d = detail.data;
  useDocumentTitle(d ? d.name : t('nav.pointsSchemes'));

  // A newly loaded or saved scheme becomes the baseline; unsaved edits are kept.
  const baselineRef = useRef<Working | null>(null);
  useEffect(() => {
    if (!d) return;
    const next = fromDetail(d);
    const previous = baselineRef.current;
    baselineRef.current = next;
    setBaseline(next);
    setWorking((w) => (w === null || (previous !== null && same(w, previous)) ? next : w));
  }, [d]);

  const canManage = hasPermission(me, 'points.scheme.manage');
  const canAdopt = hasPermission(me, 'points.scheme.adopt');
  const canTrial = hasPermission(me, 'points.results.read');
  const dirty = working !== null && baseline !== null && !same(working, baseline);
  const issues = useMemo(() => (working ? validateScheme(working) : []), [working]);
  const errors = issues.filter((i) => i.severity === 'error').length;

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('points.scheme.leaveTitle'),
      content: t('points.scheme.leaveBody'),
      okText: t('points.scheme.leave'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);

  if (!Number.isInteger(schemeId) || schemeId <= 0) return <NotFound />;
  if (detail.isPending) return <PageSpinner />;
  if (detail.isError) {
    return detail.error instanceof ApiError && detail.error.status === 404 ? (
      <NotFound />
    ) : (
      <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
    );
  }
  if (!d || !working) return <PageSpinner />;

  const saveDraft = () =>
    save
      .mutateAsync({
        id: d.id,
        body: { rules: working.rules, items: working.items, note: working.note.trim() || null },
      })
      .then((r) => {
        const next = fromDetail(r);
        baselineRef.current = next;
        setBaseline(next);
        setWorking(next);
        void message.success(t('points.scheme.savedDraft', { n: r.draft?.version ?? '' }));
      })
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));

  const doAdopt = () =>
    adopt
      .mutateAsync(d.id)
      .then((r) => void message.success(t('points.scheme.adopted', { n: r.currentVersion ?? '' })))
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));

  const draftErrors = d.draft?.issues.filter((i) => i.severity === 'error').length ?? 0;
  const editable = canManage;

  return (
    <>
      <div className="kh-toolbar">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/points/schemes')}>
          {t('common.back')}
        </Button>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 20 }}>
          {d.name}
        </Typography.Title>
        <Space size={4} wrap>
          {d.currentVersion != null ? (
            <Tag color="green">{t('points.scheme.inForceN', { n: d.currentVersion })}</Tag>
          ) : (
            <Tag>{t('points.scheme.notAdopted')}</Tag>
          )}
          {d.draft ? <Tag color="processing">{t('points.scheme.draftN', { n: d.draft.version })}</Tag> : null}
          {dirty ? <Tag color="orange">{t('points.scheme.unsaved')}</Tag> : null}
        </Space>
        <div className="kh-toolbar-spacer" />
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void exportItems(d.id, `${d.name}.xlsx`).catch(
                (e: unknown) => void message.error(errorText(e, locale, t)),
              )
            }
          >
            {t('points.scheme.exportItems')}
          </Button>
          {editable ? (
            <>
              <Button icon={<CopyOutlined />} onClick={() => setCopying(true)}>
                {t('points.scheme.copyButton')}
              </Button>
              {dirty ? (
                <Popconfirm
                  title={t('points.scheme.discardConfirm')}
                  okText={t('points.scheme.discard')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => baseline && setWorking(baseline)}
                >
                  <Button icon={<UndoOutlined />}>{t('points.scheme.discard')}</Button>
                </Popconfirm>
              ) : null}
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={save.isPending}
                disabled={!dirty && d.draft !== null}
                onClick={() => void saveDraft()}
              >
                {t('points.scheme.saveDraft')}
              </Button>
            </>
          ) : null}
          {canAdopt && d.draft ? (
            <Popconfirm
              title={t('points.scheme.adoptConfirm', { n: d.draft.version })}
              description={t('points.scheme.adoptHint')}
              okText={t('points.scheme.adopt')}
              cancelText={t('common.cancel')}
              onConfirm={() => void doAdopt()}
              disabled={draftErrors > 0}
            >
              <Button
                type="primary"
                icon={<SafetyCertificateOutlined />}
                loading={adopt.isPending}
                disabled={draftErrors > 0}
              >
                {t('points.scheme.adopt')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">
        {t('points.scheme.meta', { root: d.rootOrgName, year: d.year })}
        {d.draft ? ` · ${t('points.scheme.draftSaved', { at: formatDateTime(d.draft.createdAt) })}` : ''}
        {d.current?.adoptedAt
          ? ` · ${t('points.scheme.adoptedAt', { at: formatDateTime(d.current.adoptedAt) })}`
          : ''}
      </Typography.Paragraph>
      {canAdopt && draftErrors > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('points.scheme.cannotAdopt', { count: draftErrors })}
        />
      ) : null}
      {!editable && !d.draft && d.currentVersion == null ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('points.scheme.nothingYet')} />
      ) : null}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'items',
              label: t('points.scheme.tabItems', { n: working.items.length }),
              children: (
                <ItemsEditor
                  items={working.items}
                  issues={issues}
                  editable={editable}
                  onChange={(items) => setWorking({ ...working, items })}
                  inForce={d.current && (d.draft || dirty) ? d.current.items : undefined}
                />
              ),
            },
            {
              key: 'rules',
              label: t('points.scheme.tabRules'),
              children: (
                <RulesForm
                  rules={working.rules}
                  issues={issues}
                  editable={editable}
                  onChange={(rules) => setWorking((w) => (w ? { ...w, rules } : w))}
                />
              ),
            },
            {
              key: 'issues',
              label: (
                <Space size={6}>
                  {t('points.scheme.tabIssues')}
                  <Badge count={issues.length} color={errors > 0 ? '#cf1322' : '#faad14'} showZero={false} />
                </Space>
              ),
              children: (
                <>
                  <Typography.Paragraph type="secondary">
                    {t('points.scheme.issuesIntro')}
                  </Typography.Paragraph>
                  <IssuesList issues={issues} items={working.items} />
                  {editable ? (
                    <div style={{ marginTop: 16, maxWidth: 640 }}>
                      <Typography.Text strong>{t('points.scheme.note')}</Typography.Text>
                      <Input.TextArea
                        aria-label={t('points.scheme.note')}
                        rows={2}
                        maxLength={500}
                        value={working.note}
                        onChange={(e) => setWorking({ ...working, note: e.target.value })}
                        placeholder={t('points.scheme.notePlaceholder')}
                        style={{ marginTop: 8 }}
                      />
                    </div>
                  ) : d.draft?.note ? (
                    <Typography.Paragraph style={{ marginTop: 16 }}>
                      {t('points.scheme.note')}: {d.draft.note}
                    </Typography.Paragraph>
                  ) : null}
                </>
              ),
            },
            {
              key: 'quarters',
              label: t('points.scheme.tabQuarters'),
              children: (
                <Table
                  rowKey="quarter"
                  size="small"
                  pagination={false}
                  dataSource={d.quarters}
                  style={{ maxWidth: 640 }}
                  columns={[
                    { title: t('points.quarter.label'), dataIndex: 'quarter' },
                    {
                      title: t('points.quarter.state'),
                      key: 's',
                      render: (_v, q) => <QuarterStateTag state={q.state} />,
                    },
                    {
                      title: t('points.quarter.publishedOn'),
                      dataIndex: 'publishedOn',
                      render: (v: string | null) => v ?? '—',
                    },
                    {
                      title: t('common.actions'),
                      key: 'a',
                      render: (_v, q) => (
                        <Link to={`/points/quarters?scheme=${d.id}&quarter=${q.quarter}`}>
                          {t('points.quarter.manage')}
                        </Link>
                      ),
                    },
                  ]}
                />
              ),
            },
            ...(canTrial
              ? [
                  {
                    key: 'trial',
                    label: t('points.scheme.tabTrial'),
                    children: (
                      <TrialPanel
                        schemeId={d.id}
                        defaultYear={d.year}
                        hasDraft={d.draft !== null && !dirty}
                      />
                    ),
                  },
                ]
              : []),
            ...(editable
              ? [
                  {
                    key: 'import',
                    label: t('points.scheme.tabImport'),
                    children: dirty ? (
                      <Alert type="warning" showIcon title={t('points.scheme.saveBeforeImport')} />
                    ) : (
                      <SheetImport
                        schemeId={d.id}
                        kind="items"
                        onImported={() => {
                          void detail.refetch();
                          setTab('items');
                        }}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {copying ? (
        <CopyModal scheme={d} onClose={() => setCopying(false)} onCopy={(w) => setWorking(w)} />
      ) : null}
    </>
  );
}
