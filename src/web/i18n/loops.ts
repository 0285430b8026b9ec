/**
 * The weekly and monthly loops without dead ends: correcting a returned entry, what a button
 * cannot do yet and why, and the work waiting for whoever must act. `zh` is the source of truth
 * for the keys; `en` must have exactly the same ones.
 */
export const zh = {
  'loops.entry.edit': '修改',
  'loops.entry.editTitle': '修改记录',
  'loops.entry.editHint': '按退回原因修改日期、数量、分值、备注或佐证材料，保存后再重新提交审核。',
  'loops.entry.save': '保存修改',
  'loops.entry.saveAndResubmit': '保存并重新提交',
  'loops.entry.saved': '已保存修改',
  'loops.entry.cancelEdit': '取消修改',
  'loops.entry.resubmitTitle': '重新提交审核',
  'loops.entry.changesSinceReturn': '自退回以来的修改：',
  'loops.entry.noChanges': '尚未作任何修改。',
  'loops.entry.returnReason': '退回原因：{reason}',
  'loops.entry.resubmitUnchanged': '原样重新提交',
  'loops.entry.resubmitOk': '重新提交',
  'loops.entry.change.line': '{field}：{before} → {after}',
  'loops.entry.change.added': '新增佐证材料：{names}',
  'loops.entry.change.removed': '移除佐证材料：{names}',
  'loops.entry.change.none': '（无）',
  'loops.entry.history': '退回与修改记录',
  'loops.entry.history.returned': '{who} 于 {at} 退回：{reason}',
  'loops.entry.history.resubmitted': '{who} 于 {at} 修改后重新提交',
  'loops.entry.history.unchanged': '{who} 于 {at} 原样重新提交',
  'loops.entry.recallConfirm': '撤回后记录回到草稿，可修改后再提交审核。确定撤回？',
  // ── buttons that cannot work yet, and why ──
  'loops.blocked.why': '暂不可用：{reason}',
  'loops.board.notPublished': '尚未公布',
  // ── work waiting for whoever must act ──
  'loops.todo.appeals': '待处理申诉 {count} 件',
  'loops.todo.appealsDue': '最早一件须在 {date} 前处理',
  'loops.home.committeeSoon': '近期需要您处理',
  'loops.home.verifyProgress': '{month} 验证进度 {done}/{total}',
  'loops.home.approveBy': '全部验证后审定本月结果',
  'loops.home.noneSoon': '近期没有需要您处理的事项',
  'loops.me.title': '我的积分',
  'loops.me.score': '{quarter} 得分',
  'loops.me.rank': '支部第 {rank} 名（共 {total} 人）',
  'loops.me.appealUntil': '{quarter} 可申诉至 {date}',
  'loops.me.appealClosed': '{quarter} 申诉期已过',
  'loops.me.noPublished': '本年度尚无已公布的季度得分',
  'loops.me.open': '查看积分明细',
  'loops.declaration.memberNote': '党员说明：{note}',
  'loops.declaration.noNote': '党员未填写说明',
  'loops.org.unknown': '所选组织不在您可查看的范围内',
};
