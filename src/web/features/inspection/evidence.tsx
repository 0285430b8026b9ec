import { PaperClipOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import { fileUrl } from '../files/api.js';

/** Evidence files as links that open (images, PDF) or download them; nothing when there are none. */
export function EvidenceFiles({ files }: { files: readonly { id: number; name: string }[] }) {
  if (files.length === 0) return null;
  return (
    <Space wrap size={8}>
      {files.map((f) => (
        <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer">
          <PaperClipOutlined aria-hidden /> {f.name}
        </a>
      ))}
    </Space>
  );
}
