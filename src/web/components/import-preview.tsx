import { InboxOutlined } from '@ant-design/icons';
import { Alert, Col, Row, Statistic, Table, type TableColumnsType, Typography, Upload } from 'antd';
import type { ImportCellError } from '../../contracts/io.js';
import { useI18n } from '../i18n/index.js';

/**
 * The parts every spreadsheet import shows after its check (members and orgs, points items and
 * entries, the evaluation's indicators): the tally of rows, and — when any row is wrong — every
 * error with its row, column, header and value, saying that nothing was imported; and the drop
 * zone the file goes into.
 */
export function ImportTally({
  total,
  valid,
  errorCount,
}: {
  total: number;
  valid: number;
  errorCount: number;
}) {
  const { t } = useI18n();
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col xs={8}>
        <Statistic title={t('import.total')} value={total} />
      </Col>
      <Col xs={8}>
        <Statistic title={t('import.valid')} value={valid} styles={{ content: { color: '#237804' } }} />
      </Col>
      <Col xs={8}>
        <Statistic
          title={t('import.errorCount')}
          value={errorCount}
          styles={{ content: { color: errorCount > 0 ? '#cf1322' : undefined } }}
        />
      </Col>
    </Row>
  );
}

export function ImportErrors({
  errors,
  errorCount,
  truncated,
}: {
  errors: readonly ImportCellError[];
  errorCount: number;
  /** The server listed only the first errors. */
  truncated: boolean;
}) {
  const { t, locale } = useI18n();
  const columns: TableColumnsType<ImportCellError> = [
    { title: t('import.row'), dataIndex: 'row', width: 70 },
    { title: t('import.column'), dataIndex: 'columnLetter', width: 60 },
    { title: t('import.header'), dataIndex: 'header', width: 130 },
    {
      title: t('import.value'),
      dataIndex: 'value',
      width: 150,
      render: (v: string | null) =>
        v == null || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : v,
    },
    { title: t('import.error'), key: 'message', render: (_v, e) => e.messages[locale] },
  ];
  return (
    <>
      <Alert
        type="error"
        showIcon
        title={t('import.hasErrors', { count: errorCount })}
        description={
          truncated
            ? `${t('import.nothingImported')} ${t('import.errorsTruncated', { shown: errors.length, count: errorCount })}`
            : t('import.nothingImported')
        }
        style={{ marginBottom: 12 }}
      />
      <Table<ImportCellError>
        rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
        size="small"
        columns={columns}
        dataSource={[...errors]}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      />
    </>
  );
}

/** Where the user drops or picks the filled-in .xlsx; the page checks it itself (antd uploads nothing). */
export function SheetDropZone({
  file,
  disabled,
  onFile,
}: {
  file: File | null;
  disabled: boolean;
  onFile: (f: File) => void;
}) {
  const { t } = useI18n();
  return (
    <Upload.Dragger
      accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      multiple={false}
      maxCount={1}
      showUploadList={false}
      disabled={disabled}
      beforeUpload={(f) => {
        onFile(f);
        return false;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('import.dropHere')}</p>
      <p className="ant-upload-hint">
        {file ? t('import.chosenFile', { name: file.name }) : t('import.dropHint')}
      </p>
    </Upload.Dragger>
  );
}
