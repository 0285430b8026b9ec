import { CalendarOutlined, FileOutlined, FilePdfOutlined, UserOutlined } from '@ant-design/icons';
import { Image, Typography } from 'antd';
import { useI18n } from '../../../../i18n/index.js';
import { formatDateTime } from '../../../../lib/format.js';
import { type BranchMonthView, fileUrl } from '../api.js';

type Evidence = BranchMonthView['indicators'][number]['evidence'];
type FileRef = Evidence['files'][number];

/** Images as thumbnails (click to enlarge, arrows between them), PDFs open, other files download. */
function Files({ files }: { files: readonly FileRef[] }) {
  const { t } = useI18n();
  const images = files.filter((f) => f.mime.startsWith('image/'));
  const others = files.filter((f) => !f.mime.startsWith('image/'));
  const uploaded = (f: FileRef) => t('be.office.uploadedAt', { at: formatDateTime(f.uploadedAt) });
  return (
    <>
      {images.length > 0 ? (
        <Image.PreviewGroup>
          <div className="kh-evidence-grid kh-be-thumbs">
            {images.map((f) => (
              <Image
                key={f.id}
                src={fileUrl(f.id)}
                alt={f.name}
                title={`${f.name} · ${uploaded(f)}`}
                width={56}
                height={56}
                style={{ objectFit: 'cover' }}
              />
            ))}
          </div>
        </Image.PreviewGroup>
      ) : null}
      {others.map((f) => (
        <a
          key={f.id}
          href={fileUrl(f.id)}
          target="_blank"
          rel="noreferrer"
          className="kh-file-link kh-be-file"
          title={uploaded(f)}
        >
          {f.mime === 'application/pdf' ? <FilePdfOutlined aria-hidden /> : <FileOutlined aria-hidden />}
          <span>{f.name}</span>
          <span className="kh-visually-hidden">
            {f.mime === 'application/pdf' ? t('be.office.opensPdf') : t('be.office.downloads')}
          </span>
        </a>
      ))}
    </>
  );
}

/**
 * An indicator's evidence as the office checks it (SPEC §7 "record once, use everywhere"): files
 * uploaded for it, and the points activities and entries the branch linked, with their files.
 */
export function EvidenceView({ evidence, required }: { evidence: Evidence; required: boolean }) {
  const { t } = useI18n();
  const none =
    evidence.files.length === 0 && evidence.activities.length === 0 && evidence.entries.length === 0;
  if (none)
    return (
      <Typography.Text type={required ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
        {required ? t('be.office.evidenceMissing') : t('be.office.noEvidence')}
      </Typography.Text>
    );
  return (
    <div className="kh-be-evidence">
      <Files files={evidence.files} />
      {evidence.activities.map((a) => (
        <div key={`a${a.id}`} className="kh-be-linked">
          <Typography.Text style={{ fontSize: 12 }}>
            <CalendarOutlined aria-hidden /> {t('be.office.activity', { title: a.title, date: a.occurredOn })}
          </Typography.Text>
          <Files files={a.files} />
        </div>
      ))}
      {evidence.entries.map((e) => (
        <div key={`e${e.id}`} className="kh-be-linked">
          <Typography.Text style={{ fontSize: 12 }}>
            <UserOutlined aria-hidden />{' '}
            {t('be.office.entry', { member: e.memberName, item: e.itemCode, date: e.occurredOn })}
          </Typography.Text>
          <Files files={e.files} />
        </div>
      ))}
    </div>
  );
}
