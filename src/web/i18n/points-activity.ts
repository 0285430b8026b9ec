/**
 * 党员亮分制 — activities recorded once (list, detail, attendance) and reviewed as a group.
 * `zh` is the source of truth for the keys; `points-activity.en.ts` must have exactly the same ones.
 */
export const zh = {
  'nav.pointsActivities': '活动记录',
  'pa.form.allPresent': '默认全员到会：取消勾选缺席的党员',
  'pa.form.absent': '缺席 {n} 人：{names}',
  'pa.activity': '活动',
  'pa.attendance': '到会',
  'pa.attendanceValue': '到会 {present}/{total} 人',
  'pa.attendees': '到会人数',
  'pa.photos': '照片和材料',
  'pa.photoCount': '{n} 份材料',
  'pa.noPhotos': '没有上传材料',
  'pa.present': '到会（{n}）',
  'pa.absent': '缺席（{n}）',
  'pa.noneAbsent': '无人缺席',
  'pa.none': '还没有活动记录',
  'pa.backToList': '返回活动记录',
  'pa.toReview': '在审核队列中查看',
  'pa.groupsTitle': '按活动审核（{n} 个活动有待审记录）',
  'pa.attendedN': '到会 {n} 人',
  'pa.waiting': '{n} 条待审',
  'pa.approveAll': '全部通过（{n}）',
  'pa.returnAll': '全部退回（{n}）',
  'pa.approveAllNamed': '通过“{title}”的全部 {n} 条记录',
  'pa.returnAllNamed': '退回“{title}”的全部 {n} 条记录',
  'pa.groupByActivity': '按活动分组',
  'pa.reasonKeys': 'Enter 提交，Shift+Enter 换行',
};
