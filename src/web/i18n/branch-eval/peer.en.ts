/** English for `peer.ts` (its own file, so a reader of Chinese does not download it). */
import type { zh } from './peer.js';

export const en: typeof zh = {
  'be.peerMonth.intro':
    'All {n} branches assigned to yours this month are on this page: score each from its self-evaluation notes and evidence (its self score is not shown). Fill a branch by level in one click and adjust any score, then submit once.',
  'be.peerMonth.levels': 'Fill by level',
  'be.peerMonth.level.a': 'Good',
  'be.peerMonth.level.b': 'Fairly good',
  'be.peerMonth.level.c': 'Fair',
  'be.peerMonth.level.d': 'Poor',
  'be.peerMonth.levelOf': '{branch}: {level} (each indicator at {pct}% of its max)',
  'be.peerMonth.note': 'Self-evaluation note',
  'be.peerMonth.noNote': 'No note',
  'be.peerMonth.evidence': 'Evidence',
  'be.peerMonth.noEvidence': 'No evidence',
  'be.peerMonth.activity': 'Activity: {title} ({date})',
  'be.peerMonth.entry': 'Points record: {member} {code} ({date})',
  'be.peerMonth.submitAll': 'Submit {n} branches',
  'be.peerMonth.nothingReady': 'Nothing ready to submit',
  'be.peerMonth.ready': '{ready} branches scored and ready · {done}/{n} submitted',
  'be.peerMonth.keys':
    'Tab moves between scores, Enter jumps to the next empty one, Ctrl+Enter submits every fully scored branch',
  'be.peerMonth.sent': 'Submitted {n} branches',
  'be.peerMonth.failed': '{branch}: {error}',
  'be.results.explain.peerWithheld':
    'Only {raters} branches rated this branch this month (at least {required} are needed), so there is no peer score: the peer weight moves to the verified score.',
};
