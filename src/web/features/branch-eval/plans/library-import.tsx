import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { isCategory } from '../../../../domain/branch-eval/indicators.js';
import { ApiError } from '../../../api/client.js';
import { ErrorAlert, errorText } from '../../../components/feedback.js';
import { ImportErrors, ImportTally, SheetDropZone } from '../../../components/import-preview.js';
import { useI18n } from '../../../i18n/index.js';
import { formatPoints } from '../../../lib/be-plans.js';
import { CategoryTag } from '../labels.js';
import { downloadIndicatorTemplate, type IndicatorImportResult, importIndicators } from './api.js';

type CellError = IndicatorImportResult['errors'][number];
type PreviewRow = IndicatorImportResult['preview'][number];

/** The cell errors of a refused commit (422 import_has_errors), when it carries them. */
function refusedErrors(e: unknown): CellError[] | null {
  if (!(e instanceof ApiError) || e.code !== 'import_has_errors') return null;
  const errors = (e.details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as CellError[]) : [];
}

/**
 * Excel import of an org's indicator library: the template, a check that writes nothing and
 * lists every error by row and column (or previews the rows as read, new or updating an existing
 * code), then the import — all rows or none. Laid out like the points import (SheetImport), whose
 * texts it shares; the library's result (created/updated, categories, points) is its own.
 */
export function LibraryImport({ orgId }: { orgId: number }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [preview, setPreview] = useState<IndicatorImportResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<IndicatorImportResult | null>(null);

  const template = async () => {
    try {
      await downloadIndicatorTemplate(`${t('be.plans.xlsxTemplate')}.xlsx`);
    } catch (e) {
      void message.error(errorText(e, locale, t));
    }
  };

  const check = async (f: File) => {
    setFile(f);
    setPreview(null);
    setFailure(null);
    setDone(null);
    setBusy('check');
    try {
      setPreview(await importIndicators(orgId, 'preview', f));
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!file || !preview) return;
    setBusy('commit');
    setFailure(null);
    try {
      const r = await importIndicators(orgId, 'commit', file);
      setDone(r);
      setPreview(null);
    } catch (e) {
      const errors = refusedErrors(e);
      if (errors) setPreview({ ...preview, errors, errorCount: errors.length, valid: 0 });
      setFailure(e);
    } finally {
      setBusy(null);
    }
  };

  const cell = (v: PreviewRow['values'][string] | undefined) =>
    v === null || v === undefined || v === '' ? '—' : String(v);
  const previewColumns: TableColumnsType<PreviewRow> = [
    { title: t('import.row'), dataIndex: 'row', width: 60, fixed: 'left' },
    {
      title: t('be.plans.importAction'),
      key: 'action',
      width: 80,
      render: (_v, r) =>
        r.values.action === 'update' ? (
          <Tag color="orange">{t('be.plans.importUpdate')}</Tag>
        ) : (
          <Tag color="blue">{t('be.plans.importCreate')}</Tag>
        ),
    },
    { title: t('be.plans.code'), key: 'code', render: (_v, r) => cell(r.values.code) },
    { title: t('be.plans.name'), key: 'name', render: (_v, r) => cell(r.values.name) },
    {
      title: t('be.plans.category'),
      key: 'category',
      render: (_v, r) => {
        const c = r.values.category;
        return typeof c === 'string' && isCategory(c) ? <CategoryTag category={c} /> : cell(c);
      },
    },
    {
      title: t('be.plans.maxPoints'),
      key: 'maxPoints',
      align: 'right',
      render: (_v, r) => (typeof r.values.maxPoints === 'number' ? formatPoints(r.values.maxPoints) : '—'),
    },
    {
      title: t('be.plans.criteria'),
      key: 'criteria',
      render: (_v, r) => (
        <Typography.Text ellipsis={{ tooltip: cell(r.values.criteria) }} style={{ maxWidth: 260 }}>
          {cell(r.values.criteria)}
        </Typography.Text>
      ),
    },
    {
      title: t('be.plans.evidence'),
      key: 'evidence',
      render: (_v, r) => (r.values.evidenceRequired ? t('be.plans.evidenceYes') : t('be.plans.evidenceNo')),
    },
    {
      title: t('be.plans.state'),
      key: 'active',
      render: (_v, r) => (r.values.active === false ? t('be.plans.inactive') : t('be.plans.active')),
    },
  ];
  const hasErrors = (preview?.errorCount ?? 0) > 0;

  return (
    <div>
      <Typography.Paragraph>{t('be.plans.importIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} onClick={() => void template()}>
          {t('be.plans.xlsxTemplate')}
        </Button>
      </Space>
      <SheetDropZone file={file} disabled={busy !== null} onFile={(f) => void check(f)} />
      <div style={{ marginTop: 16 }} aria-live="polite">
        {busy === 'check' ? <Alert type="info" showIcon title={t('import.checking')} /> : null}
        <ErrorAlert error={failure} />
        {done ? (
          <Alert
            type="success"
            showIcon
            title={t('be.plans.importDone', { created: done.created, updated: done.updated })}
          />
        ) : null}
        {preview ? (
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
                  description={t('be.plans.importSummary', {
                    created: preview.created,
                    updated: preview.updated,
                  })}
                  style={{ marginBottom: 12 }}
                />
                <Typography.Text type="secondary">
                  {t('import.previewTitle', { count: preview.preview.length })}
                </Typography.Text>
                <Table<PreviewRow>
                  rowKey="row"
                  size="small"
                  dataSource={preview.preview}
                  pagination={false}
                  scroll={{ x: 'max-content', y: 320 }}
                  columns={previewColumns}
                  style={{ marginTop: 8 }}
                />
              </>
            )}
            <Space style={{ marginTop: 16 }} wrap>
              <Button
                type="primary"
                disabled={hasErrors || preview.total === 0}
                loading={busy === 'commit'}
                onClick={() => void commit()}
              >
                {hasErrors ? t('import.commitDisabled') : t('import.commit', { count: preview.total })}
              </Button>
            </Space>
          </>
        ) : null}
      </div>
    </div>
  );
}
