import { describe, expect, it } from 'vitest';
import { type EntryContent, entryChanges } from './revision.js';

const returned: EntryContent = {
  occurredOn: '2026-03-10',
  quantity: 1,
  points: 200,
  note: '参加主题党日',
  evidence: [{ id: 1, name: '照片.jpg' }],
};

describe('entryChanges (what a returned entry’s correction changed)', () => {
  it('is empty when the entry is resubmitted unchanged', () => {
    expect(entryChanges(returned, { ...returned, evidence: [{ id: 1, name: '照片.jpg' }] })).toEqual([]);
  });

  it('lists every corrected field in order, evidence as added and removed names', () => {
    const corrected: EntryContent = {
      occurredOn: '2026-03-11',
      quantity: 2,
      points: 400,
      note: '参加主题党日（附签到表）',
      evidence: [{ id: 2, name: '签到表.pdf' }],
    };
    expect(entryChanges(returned, corrected)).toEqual([
      { field: 'occurredOn', before: '2026-03-10', after: '2026-03-11' },
      { field: 'quantity', before: 1, after: 2 },
      { field: 'points', before: 200, after: 400 },
      { field: 'note', before: '参加主题党日', after: '参加主题党日（附签到表）' },
      { field: 'evidence', added: ['签到表.pdf'], removed: ['照片.jpg'] },
    ]);
  });

  it('an added file keeps the old ones: only the new one is listed', () => {
    const more = { ...returned, evidence: [...returned.evidence, { id: 3, name: '签到表.jpg' }] };
    expect(entryChanges(returned, more)).toEqual([{ field: 'evidence', added: ['签到表.jpg'], removed: [] }]);
  });

  it('blank notes are equal whatever their spaces; a cleared note is a change to none', () => {
    expect(entryChanges({ ...returned, note: null }, { ...returned, note: '  ' })).toEqual([]);
    expect(entryChanges(returned, { ...returned, note: '' })).toEqual([
      { field: 'note', before: '参加主题党日', after: null },
    ]);
  });
});
