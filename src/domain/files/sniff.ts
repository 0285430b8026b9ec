/**
 * What kind of file a buffer really is, judged by its content (magic bytes), never by its
 * name or the browser's claim. Evidence may be images, PDF and Office documents (SPEC §6).
 */
import { judgeOfficeZip, judgeOleHeader } from './container.js';

export type EvidenceKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'pdf' | 'ooxml' | 'ole' | 'ofd';

export interface Sniffed {
  kind: EvidenceKind;
  mime: string;
  /** Whether a browser can show it inline (images, PDF). */
  previewable: boolean;
}

const startsWith = (b: Uint8Array, sig: number[], offset = 0) => sig.every((v, i) => b[offset + i] === v);

const OOXML_MIME: Record<'docx' | 'xlsx' | 'pptx', string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/**
 * Identifies an allowed evidence file; `null` for anything else (executables, scripts, HTML…);
 * `{ refused }` for an Office container that is damaged or declares more than any real
 * document holds (a zip bomb), with the reason.
 */
export function sniffEvidence(b: Uint8Array, name = ''): Sniffed | { refused: string } | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'jpeg', mime: 'image/jpeg', previewable: true };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'png', mime: 'image/png', previewable: true };
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return { kind: 'gif', mime: 'image/gif', previewable: true };
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) {
    return { kind: 'webp', mime: 'image/webp', previewable: true };
  }
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { kind: 'pdf', mime: 'application/pdf', previewable: true };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    // Judged by what its central directory declares, never by unpacking it.
    const zip = judgeOfficeZip(b);
    if (!zip.ok) return { refused: zip.reason };
    // OFD (China's fixed-layout document format) is a zip with OFD.xml at its root.
    if (zip.value === 'ofd') return { kind: 'ofd', mime: 'application/ofd', previewable: false };
    return { kind: 'ooxml', mime: OOXML_MIME[zip.value], previewable: false };
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const ole = judgeOleHeader(b);
    if (!ole.ok) return { refused: ole.reason };
    const lower = name.toLowerCase();
    const mime = lower.endsWith('.xls')
      ? 'application/vnd.ms-excel'
      : lower.endsWith('.ppt')
        ? 'application/vnd.ms-powerpoint'
        : 'application/msword';
    return { kind: 'ole', mime, previewable: false };
  }
  return null;
}
