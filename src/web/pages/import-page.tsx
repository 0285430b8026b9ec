import { ApartmentOutlined, DownloadOutlined, TeamOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Radio,
  Result,
  Row,
  Space,
  Steps,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { ImportKind, ImportResult } from '../../contracts/io.js';
import { type OrgKind, partyKinds, unitKinds } from '../../domain/org/tree.js';
import { hasPermission, useMe } from '../auth/session.js';
import { ButtonLink } from '../components/button-link.js';
import { ErrorAlert, errorText } from '../components/feedback.js';
import { ImportErrors, ImportTally, SheetDropZone } from '../components/import-preview.js';
import { PageTitle } from '../components/page-title.js';
import { commitImport, downloadTemplate, errorsOfRefusedCommit, previewImport } from '../features/io/api.js';
import { useI18n } from '../i18n/index.js';

type Step = 'choose' | 'upload' | 'commit' | 'done';
const stepIndex: Record<Step, number> = { choose: 0, upload: 1, commit: 2, done: 3 };

type PreviewRow = ImportResult['preview'][number];

const orgKinds: readonly string[] = [...partyKinds, ...unitKinds];
const isOrgKind = (v: string): v is OrgKind => orgKinds.includes(v);

function PreviewTable({ result }: { result: ImportResult }) {
  const { t, kindLabel } = useI18n();
  // The server sends converted values (男 → M, 是 → true); show them in words again.
  const show = (key: string, v: string | number | boolean | null | undefined): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (key === 'gender' && (v === 'M' || v === 'F'))
      return t(v === 'M' ? 'member.gender.M' : 'member.gender.F');
    if (key === 'status' && (v === 'full' || v === 'probationary')) return t(`member.status.${v}`);
    if (key === 'kind' && typeof v === 'string' && isOrgKind(v)) return kindLabel(v);
    return String(v);
  };
  const columns: TableColumnsType<PreviewRow> = [
    { title: t('import.row'), dataIndex: 'row', width: 70, fixed: 'left' },
    ...result.columns.map((c) => ({
      title: c.header,
      key: c.key,
      render: (_v: unknown, r: PreviewRow) => show(c.key, r.values[c.key]),
    })),
  ];
  return (
    <Table<PreviewRow>
      rowKey="row"
      size="small"
      columns={columns}
      dataSource={result.preview}
      scroll={{ x: 'max-content' }}
      pagination={false}
    />
  );
}

/**
 * 数据导入: choose what to import and get its template; upload the filled sheet for a check
 * that writes nothing; import only when every row passes, with progress; then the result.
 */
export function ImportPage() {
  const me = useMe();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const canMembers = hasPermission(me, 'member.manage');
  const canOrgs = hasPermission(me, 'org.manage');
  const [kind, setKind] = useState<ImportKind>(canMembers ? 'members' : 'orgs');
  const [step, setStep] = useState<Step>('choose');
  const [file, setFile] = useState<File | null>(null);
  const [checking, setChecking] = useState(false);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [downloading, setDownloading] = useState(false);

  const kindCards = [
    {
      kind: 'members' as const,
      allowed: canMembers,
      icon: <TeamOutlined />,
      title: t('import.kindMembers'),
      hint: t('import.kindMembersHint'),
    },
    {
      kind: 'orgs' as const,
      allowed: canOrgs,
      icon: <ApartmentOutlined />,
      title: t('import.kindOrgs'),
      hint: t('import.kindOrgsHint'),
    },
  ];
  const kindLabel = kind === 'members' ? t('import.kindMembers') : t('import.kindOrgs');

  const reset = () => {
    setFile(null);
    setPreview(null);
    setFailure(null);
    setProgress(null);
    setResult(null);
  };

  const check = async (f: File) => {
    reset();
    setFile(f);
    setChecking(true);
    try {
      setPreview(await previewImport(kind, f));
    } catch (e) {
      setFailure(e);
    } finally {
      setChecking(false);
    }
  };

  const commit = async () => {
    if (!file || !preview) return;
    setStep('commit');
    setFailure(null);
    setProgress({ done: 0, total: preview.valid });
    try {
      const r = await commitImport(kind, file, (done, total) => setProgress({ done, total }));
      setResult(r);
      setStep('done');
    } catch (e) {
      // The data may have changed since the check (someone added the same 工号): show the new errors.
      const errors = errorsOfRefusedCommit(e);
      if (errors) setPreview({ ...preview, errors, errorCount: errors.length, valid: 0, committed: false });
      setFailure(e);
      setStep('upload');
    }
  };

  const getTemplate = async () => {
    setDownloading(true);
    try {
      await downloadTemplate(
        kind,
        `${kind === 'members' ? t('import.templateMembers') : t('import.templateOrgs')}.xlsx`,
      );
    } catch (e) {
      void message.error(errorText(e, locale, t));
    } finally {
      setDownloading(false);
    }
  };

  const hasErrors = (preview?.errorCount ?? 0) > 0;
  const percent = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;

  return (
    <>
      <PageTitle>{t('nav.import')}</PageTitle>
      <Card>
        <Steps
          current={stepIndex[step]}
          status={step === 'done' ? 'finish' : 'process'}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('import.step.choose') },
            { title: t('import.step.upload') },
            { title: t('import.step.commit') },
            { title: t('import.step.done') },
          ]}
        />

        {step === 'choose' ? (
          <div style={{ maxWidth: 720 }}>
            <Typography.Paragraph>{t('import.chooseIntro')}</Typography.Paragraph>
            <Radio.Group
              value={kind}
              onChange={(e) => setKind(e.target.value as ImportKind)}
              aria-label={t('import.kind')}
              style={{ width: '100%' }}
            >
              <Row gutter={[16, 16]}>
                {kindCards.map((c) => (
                  <Col xs={24} sm={12} key={c.kind} style={{ display: 'flex' }}>
                    <Radio.Button
                      value={c.kind}
                      disabled={!c.allowed}
                      style={{ height: '100%', width: '100%', padding: 16, lineHeight: 1.6 }}
                    >
                      <Space align="start">
                        <span style={{ fontSize: 24 }}>{c.icon}</span>
                        <span>
                          <strong>{c.title}</strong>
                          <br />
                          <Typography.Text type="secondary">{c.hint}</Typography.Text>
                        </span>
                      </Space>
                    </Radio.Button>
                  </Col>
                ))}
              </Row>
            </Radio.Group>
            <Alert type="info" showIcon title={t('import.templateHint')} style={{ margin: '24px 0 16px' }} />
            <Space wrap>
              <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void getTemplate()}>
                {t('import.downloadTemplate', { kind: kindLabel })}
              </Button>
              <Button type="primary" onClick={() => setStep('upload')}>
                {t('common.next')}
              </Button>
            </Space>
          </div>
        ) : null}

        {step === 'upload' ? (
          <>
            <Typography.Paragraph>
              {t('import.uploadIntro', { kind: kindLabel })}{' '}
              <Button type="link" size="small" onClick={() => void getTemplate()} style={{ padding: 0 }}>
                {t('import.downloadTemplate', { kind: kindLabel })}
              </Button>
            </Typography.Paragraph>
            <SheetDropZone file={file} disabled={checking} onFile={(f) => void check(f)} />

            <Space style={{ marginTop: 16 }} wrap>
              <Button
                onClick={() => {
                  reset();
                  setStep('choose');
                }}
              >
                {t('common.previous')}
              </Button>
              <Button
                type="primary"
                disabled={!preview || hasErrors || preview.total === 0 || checking}
                onClick={() => void commit()}
              >
                {preview && !hasErrors
                  ? t('import.commit', { count: preview.total })
                  : t('import.step.commit')}
              </Button>
              {hasErrors ? <Tag color="red">{t('import.commitDisabled')}</Tag> : null}
            </Space>
            <div style={{ marginTop: 16 }} aria-live="polite">
              {checking ? <Alert type="info" showIcon title={t('import.checking')} /> : null}
              <ErrorAlert error={failure} />
              {preview && !checking ? (
                <>
                  <ImportTally total={preview.total} valid={preview.valid} errorCount={preview.errorCount} />
                  {hasErrors ? (
                    <ImportErrors
                      errors={preview.errors}
                      errorCount={preview.errorCount}
                      truncated={preview.errorsTruncated}
                    />
                  ) : (
                    <>
                      <Alert
                        type="success"
                        showIcon
                        title={t('import.allValid', { count: preview.total })}
                        style={{ marginBottom: 16 }}
                      />
                      <Typography.Title level={3} style={{ fontSize: 15 }}>
                        {t('import.previewTitle', { count: preview.preview.length })}
                      </Typography.Title>
                      <PreviewTable result={preview} />
                    </>
                  )}
                </>
              ) : null}
            </div>
          </>
        ) : null}

        {step === 'commit' ? (
          <div style={{ maxWidth: 560, margin: '24px auto', textAlign: 'center' }} aria-live="polite">
            <Typography.Paragraph>{t('import.committing', { kind: kindLabel })}</Typography.Paragraph>
            <Progress percent={percent} status="active" aria-label={t('import.progress')} />
            <Typography.Text type="secondary">
              {t('import.progressText', { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
            </Typography.Text>
          </div>
        ) : null}

        {step === 'done' && result ? (
          <Result
            status="success"
            title={t('import.doneTitle', { count: result.imported, kind: kindLabel })}
            subTitle={t('import.doneBody')}
            extra={[
              <ButtonLink key="orgs" type="primary" to="/orgs">
                {t('import.viewOrgs')}
              </ButtonLink>,
              <Button
                key="again"
                onClick={() => {
                  reset();
                  setStep('choose');
                }}
              >
                {t('import.again')}
              </Button>,
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}
