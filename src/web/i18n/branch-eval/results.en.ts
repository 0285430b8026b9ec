/** English for `results.ts` (its own file, so a reader of Chinese does not download it). */
import type { zh } from './results.js';

export const en: typeof zh = {
  // ── selection and page frame ──
  'be.results.org': 'Round (committee)',
  'be.results.orgPlaceholder': 'Choose a committee',
  'be.results.month': 'Month',
  'be.results.monthPlaceholder': 'Choose a month',
  'be.results.monthLabel': '{m}/{year}',
  'be.results.heading': '{org} · results of {month}',
  'be.results.publishedOn': 'Published {date}',
  'be.results.notPublishedYet':
    'Approved, not yet published: only the committee and the evaluation staff see these results until they are published.',
  'be.results.noRound': 'The evaluation round of your branch could not be determined',
  'be.results.noRoundHint':
    'Open the rankings from a link on the home page or in a notice, or ask your branch secretary for the link.',
  'be.results.noMonths': 'No month of this round has been published yet',
  'be.results.export': 'Export to Excel',
  'be.results.exportName': 'branch-evaluation-rankings',
  'be.results.openReport': 'Meeting report',
  'be.results.tab.total': 'Ranking',
  'be.results.tab.indicator': 'By indicator',
  'be.results.tab.quarter': 'Quarter',
  'be.results.tab.grade': 'Annual grade',
  'be.results.tab.charts': 'Charts',

  // ── ranking tables ──
  'be.results.rank': 'Rank',
  'be.results.movement': 'Change',
  'be.results.branch': 'Branch',
  'be.results.branchCode': 'Code',
  'be.results.total': 'Total',
  'be.results.score': 'Score',
  'be.results.branchCount': '{total} branches',
  'be.results.emptyRanking': 'No ranking for this month',
  'be.results.missed': 'Mandatory missed',
  'be.results.missedRectified': 'Mandatory missed (rectified)',
  'be.results.explainNamed': 'How the score of {branch} came about (total {total})',
  'be.results.ownLine': 'Your branch {branch}: rank {rank}, total {total}',
  'be.results.ownExplain': 'How the score came about',
  'be.results.explainHint':
    'Click a row to see how its score came about: self score, anonymous peer scores (the dropped highest and lowest), verified score and reason, weights and result.',
  'be.results.explainHintOwn':
    "Click your branch's row to see how its score came about; other branches' explanations are for the evaluation staff.",
  'be.results.explainHintNone':
    'Score explanations are open to the branch secretary and the evaluation staff.',
  'be.results.indicator': 'Indicator',
  'be.results.indicatorPlaceholder': 'Choose an indicator',
  'be.results.noIndicators': 'No indicator was ranked this month',

  // ── daily-work signal ──
  'be.results.signal.label': 'Daily-work signal',
  'be.results.signal.short': 'Last 3 days',
  'be.results.signal.tip':
    '{late} of the month’s {total} evidence items were uploaded in its last three days or later',
  'be.results.signal.none': 'No evidence this month',
  'be.results.signal.high': 'Looks like last-minute cramming',
  'be.results.signal.watch': 'Many late uploads',
  'be.results.signal.hint':
    'The daily-work signal is the share of evidence uploaded in the month’s last three days: shown as a hint, never scored.',

  // ── explanation drawer ──
  'be.results.explain.title': '{branch} · {month}: how the score came about',
  'be.results.explain.sum': 'How the total is made up',
  'be.results.explain.rank': 'Rank {rank}',
  'be.results.explain.missedList': 'Mandatory indicators missed: {list}',
  'be.results.explain.rectified': 'Rectification accepted by the committee on {at}: {note}',
  'be.results.explain.notRectified': 'Not rectified yet: the annual grade will be lagging because of it.',
  'be.results.explain.innovationCapped': 'Innovation bonus capped: {awarded} counted',
  'be.results.explain.self': 'Self score',
  'be.results.explain.selfNote': 'Self-evaluation note',
  'be.results.explain.selfNotCounted': '(not counted: the verified score is)',
  'be.results.explain.peer': 'Peer scores (anonymous)',
  'be.results.explain.noPeers': 'No peer scores',
  'be.results.explain.peerCount': '{count} peer scores',
  'be.results.explain.peerTrimmed': '{count} peer scores; the highest and the lowest dropped, {used} used',
  'be.results.explain.peerMean': 'mean {mean}',
  'be.results.explain.droppedHigh': 'dropped as the highest',
  'be.results.explain.droppedLow': 'dropped as the lowest',
  'be.results.explain.done': 'Completion',
  'be.results.explain.isDone': 'Done',
  'be.results.explain.notDone': 'Not done',
  'be.results.explain.verified': 'Verified score',
  'be.results.explain.award': 'Award',
  'be.results.explain.reason': 'Reason: {reason}',
  'be.results.explain.peerWeightMoved': 'No peer scores: their weight moved to verified',
  'be.results.explain.counted': '{counted} counted',
  'be.results.explain.plan': 'Plan and rules',
  'be.results.explain.planVersion': 'Indicator plan',
  'be.results.explain.planVersionText': 'Version {version} (plan #{id})',
  'be.results.explain.weights': 'Evaluative weights',
  'be.results.explain.weightsText': 'self {self} + peer {peer} + verified {verified}',
  'be.results.explain.trimRule': 'Peer trimming',
  'be.results.explain.trimRuleText': 'From {n} peer scores on, the highest and the lowest are dropped',
  'be.results.explain.minRaters': 'Minimum peer raters per branch',
  'be.results.explain.innovationCap': 'Innovation bonus cap',
  'be.results.explain.planTotal': 'Base total',
  'be.results.explain.computedAt': 'Computed at',
  'be.results.explain.anonymous':
    'Peer scores are shown as numbers only, never with the branch that gave them; each indicator is rounded half-up to two decimals before the total is summed.',

  // ── quarter ──
  'be.results.quarter.pick': 'Quarter',
  'be.results.quarter.rule':
    'The quarter score is the mean of its three month totals, rounded half-up to two decimals',
  'be.results.quarter.score': 'Quarter score',
  'be.results.quarter.incomplete': '{n} month(s) missing',
  'be.results.quarter.missingTip': 'Not counted: {months} (the mean of the published months is taken)',
  'be.results.quarter.empty': 'No month of this quarter has been published yet',

  // ── annual grade ──
  'be.results.grade.pickYear': 'Year',
  'be.results.grade.thresholds':
    'Advanced ≥ {advanced}, good ≥ {good}, average ≥ {average}, lagging below; any unrectified missed mandatory month makes it lagging',
  'be.results.grade.annual': 'Annual score',
  'be.results.grade.grade': 'Grade',
  'be.results.grade.reason': 'Why',
  'be.results.grade.incomplete': 'Year incomplete',
  'be.results.grade.incompleteTip': 'The year is not complete, so the grade is provisional: {what}',
  'be.results.grade.quarterMissing': 'Q{q} has no score',
  'be.results.grade.quarterLacks': 'Q{q} lacks months {months}',
  'be.results.grade.monthSeparator': ', ',
  'be.results.grade.export': 'Export to Excel',
  'be.results.grade.exportName': 'annual-grades',
  'be.results.grade.empty': 'No month of this year has been published yet',
  'be.results.grade.note':
    'The annual score is the mean of the quarter scores and counts published months only; until the whole year is published the grade is provisional.',
  'be.results.grade.rectify': 'Accept rectification',
  'be.results.grade.rectifyTitle': 'Accept rectification: {branch}',
  'be.results.grade.rectifyHelp':
    'Confirm that the branch has made up for the missed mandatory indicator. The month score stays as it was; the annual grade is no longer forced to lagging by that month. Recorded in the audit log.',
  'be.results.grade.rectifyMonth': 'Month with the missed item',
  'be.results.grade.rectifyNote': 'What was done',
  'be.results.grade.rectifyNoteRequired': 'Describe the rectification',
  'be.results.grade.rectifyDone': 'Rectification of {branch} for {month} accepted',

  // ── charts ──
  'be.results.charts.movement': 'Ranking movement',
  'be.results.charts.span': '{from} to {to}',
  'be.results.charts.pickBranches': 'Choose branches (up to 8)',
  'be.results.charts.moreBranches': 'Load more branches ({loaded}/{total})',
  'be.results.charts.resetBranches': 'Reset',
  'be.results.charts.noMonths': 'No month of this year has been published yet',
  'be.results.charts.noneChosen': 'Choose the branches to compare',
  'be.results.charts.rankTip': 'rank {rank} ({total} points)',
  'be.results.charts.movementLabel': 'Line chart of ranking movement: {branches}',
  'be.results.charts.movementHint':
    'The vertical axis is the rank, rank 1 at the top; a gap means the branch was not ranked that month.',
  'be.results.charts.categories': 'Points by category',
  'be.results.charts.categoriesLabel': 'Stacked bar chart of points by category per branch, {month}',

  // ── report ──
  'be.results.report.page': 'Meeting report',
  'be.results.report.title': '{org}: branch joint evaluation results of {month}',
  'be.results.report.meeting': 'For the monthly branch secretaries’ meeting',
  'be.results.report.unpublished': 'Not yet published (approved draft)',
  'be.results.report.printedOn': 'Printed {date}',
  'be.results.report.back': 'Back to rankings',
  'be.results.report.print': 'Print',
  'be.results.report.ranking': '1. Ranking',
  'be.results.report.movers': '2. Biggest movers',
  'be.results.report.up': 'Climbed most',
  'be.results.report.down': 'Fell most',
  'be.results.report.noneUp': 'No branch climbed this month',
  'be.results.report.noneDown': 'No branch fell this month',
  'be.results.report.missed': '3. Missed mandatory indicators',
  'be.results.report.noneMissed': 'Every branch completed its mandatory indicators this month',
  'be.results.report.notRectified': 'Not rectified',
  'be.results.report.signal': '4. Daily-work signal (share of evidence uploaded in the last three days)',
  'be.results.report.noneSignal': 'No branch uploaded unusually much at the month’s end',
  'be.results.report.signalMore': '{n} more branches uploaded much at the month’s end; see the system.',
  'be.results.report.signalNote':
    'Marked from 30 %, highlighted from 50 % with at least 3 evidence items; a hint only, never scored.',

  // ── integration keys ──
  'be.results.keys.title': 'Integration keys',
  'be.results.keys.intro':
    'The benchmarking information system reads the published monthly rankings of one committee’s round with a key. A key is shown only when issued and only its digest is stored; revoke it as soon as it is no longer used or may have leaked.',
  'be.results.keys.filterOrg': 'Filter by committee',
  'be.results.keys.issue': 'Issue a key',
  'be.results.keys.issueTitle': 'Issue an integration key',
  'be.results.keys.name': 'Name',
  'be.results.keys.nameHelp': 'Who uses it, e.g. “Benchmarking system (production)”',
  'be.results.keys.org': 'Round (committee)',
  'be.results.keys.orgHelp': 'The key reads this committee’s joint-evaluation results only',
  'be.results.keys.createdAt': 'Issued',
  'be.results.keys.lastUsed': 'Last used',
  'be.results.keys.neverUsed': 'Never used',
  'be.results.keys.state': 'State',
  'be.results.keys.active': 'Active',
  'be.results.keys.revokedState': 'Revoked',
  'be.results.keys.empty': 'No key has been issued yet',
  'be.results.keys.secretTitle': 'New key',
  'be.results.keys.secretWarning':
    'Copy this key now and keep it safe. It cannot be shown again once this window is closed; a lost key can only be revoked and replaced.',
  'be.results.keys.secret': 'Key',
  'be.results.keys.copy': 'Copy',
  'be.results.keys.copied': 'Copied to the clipboard',
  'be.results.keys.copyFailed': 'Copying failed: select the key and copy it by hand',
  'be.results.keys.tryIt': 'The other system can check the key with this request:',
  'be.results.keys.secretSaved': 'I have saved this key',
  'be.results.keys.secretDone': 'Done',
  'be.results.keys.revoke': 'Revoke',
  'be.results.keys.revokeTitle': 'Revoke the key: {name}',
  'be.results.keys.revokeHelp':
    'Revoking takes effect at once: calls with this key are refused (401). It cannot be undone.',
  'be.results.keys.reason': 'Reason',
  'be.results.keys.reasonRequired': 'Give the reason for revoking',
  'be.results.keys.revoked': 'Key “{name}” revoked',

  // ── polling documentation ──
  'be.results.docs.title': 'How the benchmarking system reads',
  'be.results.docs.intro':
    'The API is read-only and serves published months only, which never change afterwards. The other system should look for newly published months regularly (e.g. daily) and fetch each new month once.',
  'be.results.docs.base': 'Base address',
  'be.results.docs.auth': 'Header',
  'be.results.docs.months': 'Published months, oldest first; with `since`, that month and later ones only',
  'be.results.docs.month':
    'A month’s ranking by total (with category points, movement, missed mandatory items and the daily-work signal) and by every indicator',
  'be.results.docs.xlsx': 'The same month’s rankings as an Excel workbook',
  'be.results.docs.etag':
    'Every answer carries an ETag; send it back in If-None-Match and an unchanged answer is 304 without a body.',
  'be.results.docs.pointsLabel': 'Points',
  'be.results.docs.points':
    'Points are integers in hundredths (8595 = 85.95) with the two-decimal text beside them; movement = last month’s rank − this month’s rank (null: new).',
  'be.results.docs.errorsLabel': 'Errors',
  'be.results.docs.errors':
    '401: key missing (integration_key_missing), invalid (integration_key_invalid) or revoked (integration_key_revoked); 404: the month is not published.',
  'be.results.docs.openapi': 'OpenAPI document',
  'be.results.docs.openapiHint': 'The benchmarking endpoints are under the tag “integration”',
  'be.results.explain.projects': 'Excellent projects cited',
};
