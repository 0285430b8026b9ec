/**
 * 党支部联评联考 — the month's peer sheets on one screen, and the office's verification shortcuts.
 * `zh` is the source of truth for the keys; `peer.en.ts` must have exactly the same ones.
 */
export const zh = {
  'be.peerMonth.intro':
    '本月分配给本支部的 {n} 个支部都在本页：参考各支部的自评说明和佐证材料打分（看不到其自评分），可按档一键填分后再逐项调整，最后一次提交。',
  'be.peerMonth.levels': '按档填分',
  'be.peerMonth.level.a': '好',
  'be.peerMonth.level.b': '较好',
  'be.peerMonth.level.c': '一般',
  'be.peerMonth.level.d': '较差',
  'be.peerMonth.levelOf': '{branch}：{level}（各项按满分的 {pct}% 填）',
  'be.peerMonth.note': '自评说明',
  'be.peerMonth.noNote': '未填写说明',
  'be.peerMonth.evidence': '佐证材料',
  'be.peerMonth.noEvidence': '无佐证材料',
  'be.peerMonth.activity': '活动：{title}（{date}）',
  'be.peerMonth.entry': '积分记录：{member} {code}（{date}）',
  'be.peerMonth.submitAll': '提交 {n} 个支部的评价',
  'be.peerMonth.nothingReady': '没有可提交的评价',
  'be.peerMonth.ready': '{ready} 个支部已打完分待提交 · 已提交 {done}/{n}',
  'be.peerMonth.keys': 'Tab 逐项移动，回车跳到下一个空项，Ctrl+回车提交全部已打完分的支部',
  'be.peerMonth.sent': '已提交 {n} 个支部的评价',
  'be.peerMonth.failed': '{branch}：{error}',
  'be.results.explain.peerWithheld':
    '本月只有 {raters} 个支部互评该支部（至少需要 {required} 个），不计互评分：互评权重并入验证分。',
};
