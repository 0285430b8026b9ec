import { FileOutlined, FilePdfOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Image, Space, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { errorText } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { fileUrl, uploadEvidence } from '../api.js';

export interface EvidenceRef {
  id: number;
  name: string;
  mime: string;
}

const ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

/**
 * Evidence files for a form: each chosen file is uploaded at once (POST /files with the org it
 * is evidence for) and the form keeps its id. Files are stored once by content, so the same
 * photo attached again costs nothing.
 */
export function EvidenceUpload({
  orgId,
  value,
  onChange,
  id,
  max = 20,
}: {
  orgId: number | null | undefined;
  value?: EvidenceRef[];
  onChange?: (v: EvidenceRef[]) => void;
  id?: string;
  max?: number;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(0);
  const files = value ?? [];
  // Uploads finish in any order: each adds to the newest list, not to the one it started with.
  const latest = useRef(files);
  latest.current = files;

  return (
    <div>
      <Upload
        id={id}
        accept={ACCEPT}
        multiple
        showUploadList={false}
        disabled={!orgId || files.length >= max}
        customRequest={async ({ file, onSuccess, onError }) => {
          if (!orgId || !(file instanceof File)) return;
          setBusy((n) => n + 1);
          try {
            const info = await uploadEvidence(orgId, file);
            latest.current = [...latest.current, { id: info.id, name: info.name, mime: info.mime }];
            onChange?.(latest.current);
            onSuccess?.(info);
          } catch (e) {
            void message.error(
              t('points.evidence.failed', { name: file.name, error: errorText(e, locale, t) }),
            );
            onError?.(e as Error);
          } finally {
            setBusy((n) => n - 1);
          }
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy > 0} disabled={!orgId || files.length >= max}>
          {t('points.evidence.add')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
        {t('points.evidence.hint')}
      </Typography.Text>
      {files.length > 0 ? (
        <ul className="kh-file-list">
          {files.map((f) => (
            <li key={f.id}>
              <PaperClipOutlined aria-hidden />
              <a href={fileUrl(f.id)} target="_blank" rel="noreferrer">
                {f.name}
              </a>
              <Button
                type="link"
                size="small"
                danger
                onClick={() => onChange?.(files.filter((x) => x.id !== f.id))}
                aria-label={t('points.evidence.removeNamed', { name: f.name })}
              >
                {t('points.evidence.remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Evidence as the reviewer sees it: images inline (click to enlarge), PDFs and office files as
 * links that open or download them.
 */
export function EvidenceList({
  files,
}: {
  files: readonly { id: number; name: string; mime: string; previewable: boolean }[];
}) {
  const { t } = useI18n();
  if (files.length === 0)
    return <Typography.Text type="secondary">{t('points.evidence.none')}</Typography.Text>;
  const images = files.filter((f) => f.mime.startsWith('image/'));
  const others = files.filter((f) => !f.mime.startsWith('image/'));
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {images.length > 0 ? (
        <Image.PreviewGroup>
          <div className="kh-evidence-grid">
            {images.map((f) => (
              <Image
                key={f.id}
                src={fileUrl(f.id)}
                alt={f.name}
                width={104}
                height={104}
                style={{ objectFit: 'cover' }}
              />
            ))}
          </div>
        </Image.PreviewGroup>
      ) : null}
      {others.map((f) => (
        <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer" className="kh-file-link">
          {f.mime === 'application/pdf' ? <FilePdfOutlined aria-hidden /> : <FileOutlined aria-hidden />}{' '}
          {f.name}
          <span className="kh-visually-hidden">
            {' '}
            {f.mime === 'application/pdf' ? t('points.evidence.opensPdf') : t('points.evidence.downloads')}
          </span>
        </a>
      ))}
    </Space>
  );
}
