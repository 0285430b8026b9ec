import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client.js';
import { ErrorAlert, errorText } from '../../../components/feedback.js';
import { ImportErrors, ImportTally, SheetDropZone } from '../../../components/import-preview.js';
import { useI18n } from '../../../i18n/index.js';
import {
  downloadEntriesTemplate,
  downloadItemsTemplate,
  importSheet,
  type PointsImportResult,
} from '../api.js';
import { useIssueText } from './scheme-editor.js';

type CellError = PointsImportResult['errors'][number];

/** The cell errors of a refused commit (422 import_has_errors), when it carries them. */
function refusedErrors(e: unknown): CellError[] | null {
  if (!(e instanceof ApiError) || e.code !== 'import_has_errors') return null;
  const errors = (e.details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as CellError[]) : [];
}

/**
 * Excel import of a scheme's items (into the draft) or of entries: template, a check that
 * writes nothing with every error by row and column, then the import — all rows or none.
 */
export function SheetImport({
  schemeId,
  kind,
  onImported,
}: {
  schemeId: number;
  kind: 'items' | 'entries';
  onImported?: (r: PointsImportResult) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const issueText = useIssueText();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [preview, setPreview] = useState<PointsImportResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<PointsImportResult | null>(null);

  const template = async () => {
    try {
      if (kind === 'items') await downloadItemsTemplate(`${t('points.import.itemsTemplate')}.xlsx`);
      else await downloadEntriesTemplate(schemeId, `${t('points.import.entriesTemplate')}.xlsx`);
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
      setPreview(await importSheet(schemeId, kind, 'preview', f));
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
      const r = await importSheet(schemeId, kind, 'commit', file);
      setDone(r);
      setPreview(null);
      onImported?.(r);
    } catch (e) {
      const errors = refusedErrors(e);
      if (errors) setPreview({ ...preview, errors, errorCount: errors.length, valid: 0 });
      setFailure(e);
    } finally {
      setBusy(null);
    }
  };

  const hasErrors = (preview?.errorCount ?? 0) > 0;
  const previewRows = preview?.preview ?? [];

  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Paragraph>
        {kind === 'items' ? t('points.import.itemsIntro') : t('points.import.entriesIntro')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} onClick={() => void template()}>
          {kind === 'items' ? t('points.import.itemsTemplate') : t('points.import.entriesTemplate')}
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
            title={
              kind === 'items'
                ? t('points.import.itemsDone', { count: done.imported })
                : t('points.import.entriesDone', { count: done.imported })
            }
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
                  style={{ marginBottom: 12 }}
                />
                {preview.schemeIssues.length > 0 ? (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('points.import.schemeIssues', { count: preview.schemeIssues.length })}
                    description={
                      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                        {preview.schemeIssues.slice(0, 10).map((i) => (
                          <li key={`${i.row}-${i.code}-${i.path.join('.')}`}>
                            {i.row ? t('points.import.atRow', { row: i.row }) : ''}
                            {issueText(i)}
                          </li>
                        ))}
                      </ul>
                    }
                  />
                ) : null}
                <Table
                  rowKey="row"
                  size="small"
                  dataSource={previewRows}
                  pagination={false}
                  scroll={{ x: 'max-content', y: 320 }}
                  columns={[
                    { title: t('import.row'), dataIndex: 'row', width: 60, fixed: 'left' as const },
                    ...preview.columns.map((c) => ({
                      title: c.header,
                      key: c.key,
                      render: (_v: unknown, r: (typeof previewRows)[number]) => {
                        const v = r.values[c.key];
                        return v === null || v === undefined || v === '' ? '—' : String(v);
                      },
                    })),
                  ]}
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
                {hasErrors
                  ? t('import.commitDisabled')
                  : kind === 'items'
                    ? t('points.import.replaceItems', { count: preview.total })
                    : t('import.commit', { count: preview.total })}
              </Button>
            </Space>
          </>
        ) : null}
      </div>
    </div>
  );
}
