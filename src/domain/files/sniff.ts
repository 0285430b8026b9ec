/**
 * What kind of file a buffer really is, judged by its content (magic bytes), never by its
 * name or the browser's claim. Evidence may be images, PDF and Office documents (SPEC §6).
 */
export type EvidenceKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'pdf' | 'ooxml' | 'ole' | 'ofd';

export interface Sniffed {
  kind: EvidenceKind;
  mime: string;
  /** Whether a browser can show it inline (images, PDF). */
  previewable: boolean;
}

const startsWith = (b: Uint8Array, sig: number[], offset = 0) => sig.every((v, i) => b[offset + i] === v);

function ooxmlMime(b: Uint8Array, name: string): string {
  // A zip: Office Open XML files name their main part early in the archive.
  const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 4096)));
  const lower = name.toLowerCase();
  if (head.includes('word/') || lower.endsWith('.docx'))
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (head.includes('xl/') || lower.endsWith('.xlsx'))
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (head.includes('ppt/') || lower.endsWith('.pptx'))
    return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  return 'application/zip';
}

/** Identifies an allowed evidence file, or returns null for anything else (executables, scripts, HTML…). */
export function sniffEvidence(b: Uint8Array, name = ''): Sniffed | null {
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
    const mime = ooxmlMime(b, name);
    if (mime === 'application/zip') {
      // OFD (China's fixed-layout document format) is a zip with OFD.xml at its root.
      const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 4096)));
      return head.includes('OFD.xml') ? { kind: 'ofd', mime: 'application/ofd', previewable: false } : null;
    }
    return { kind: 'ooxml', mime, previewable: false };
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
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
