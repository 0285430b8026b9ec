/**
 * The audit log's vocabulary: every action and entity type a row can carry, named in both
 * languages. The log stores the stable codes (`points.entry.approve`); people read these names.
 * A test (`src/server/modules/audit/audit-catalog.test.ts`) fails when code writes an action or
 * entity type that is not here.
 */
export interface Label {
  zh: string;
  en: string;
}

/** The modules the actions belong to, in the order the action filter lists them. */
export const auditGroups = {
  auth: { zh: '登录', en: 'Sign-in' },
  org: { zh: '组织与人员', en: 'Organisation and people' },
  points: { zh: '党员亮分', en: 'Member points' },
  branch_eval: { zh: '支部联评联考', en: 'Branch evaluation' },
  projects: { zh: '党建项目', en: 'Projects' },
  terms: { zh: '节气月例表', en: 'Solar-term calendar' },
  inspection: { zh: '年度综合检查考核', en: 'Annual inspection' },
  system: { zh: '系统', en: 'System' },
} as const satisfies Record<string, Label>;
export type AuditGroup = keyof typeof auditGroups;

const a = (group: AuditGroup, zh: string, en: string) => ({ group, zh, en });

/** Every action, by its code. */
export const auditActions = {
  'auth.login': a('auth', '登录', 'Signed in'),
  'auth.logout': a('auth', '退出登录', 'Signed out'),

  'org.create': a('org', '新建组织', 'Created an organisation'),
  'org.update': a('org', '修改组织', 'Edited an organisation'),
  'org.move': a('org', '移动组织', 'Moved an organisation'),
  'org.deactivate': a('org', '撤销组织', 'Deactivated an organisation'),
  'member.create': a('org', '新增党员', 'Added a member'),
  'member.update': a('org', '修改党员', 'Edited a member'),
  'member.transfer': a('org', '调转党员', 'Transferred a member'),
  'member.deactivate': a('org', '停用党员', 'Deactivated a member'),
  'user.create': a('org', '新建用户', 'Created a user'),
  'user.update': a('org', '修改用户', 'Edited a user'),
  'user.reset_password': a('org', '重置密码', 'Reset a password'),
  'user.change_password': a('org', '修改密码', 'Changed own password'),
  'user.unlock_login': a('org', '解除登录锁定', 'Unlocked sign-in'),
  'grant.create': a('org', '授予角色', 'Granted a role'),
  'grant.remove': a('org', '移除授权', 'Removed a role'),
  'import.members': a('org', '导入党员', 'Imported members'),
  'import.orgs': a('org', '导入组织', 'Imported organisations'),

  'points.scheme.create': a('points', '新建积分方案', 'Created a points scheme'),
  'points.scheme.save_draft': a('points', '保存方案草稿', 'Saved a scheme draft'),
  'points.scheme.import_items': a('points', '导入积分项目', 'Imported scheme items'),
  'points.scheme.adopt': a('points', '启用积分方案', 'Adopted a scheme'),
  'points.activity.create': a('points', '批量录入活动', 'Recorded an activity'),
  'points.entry.create': a('points', '录入积分', 'Entered points'),
  'points.entry.declare': a('points', '党员申报', 'Declared points'),
  'points.entry.update': a('points', '修改积分记录', 'Edited an entry'),
  'points.entry.confirm': a('points', '确认申报', 'Confirmed a declaration'),
  'points.entry.return_declaration': a('points', '退回申报', 'Returned a declaration'),
  'points.entry.redeclare': a('points', '重新申报', 'Declared again'),
  'points.entry.withdraw': a('points', '撤回积分记录', 'Withdrew an entry'),
  'points.entry.submit': a('points', '提交审核', 'Submitted for review'),
  'points.entry.resubmit': a('points', '重新提交', 'Resubmitted'),
  'points.entry.recall': a('points', '撤回审核', 'Took an entry back from review'),
  'points.entry.discard': a('points', '作废积分记录', 'Discarded an entry'),
  'points.entry.approve': a('points', '审核通过', 'Approved an entry'),
  'points.entry.return': a('points', '退回修改', 'Returned an entry'),
  'points.entry.reject': a('points', '审核不通过', 'Rejected an entry'),
  'import.points_entries': a('points', '导入积分记录', 'Imported entries'),
  'points.quarter.close': a('points', '季度关账', 'Closed a quarter'),
  'points.quarter.reopen': a('points', '重新开放季度', 'Reopened a quarter'),
  'points.quarter.publish': a('points', '发布亮分榜', 'Published a quarter'),
  'points.appeal.create': a('points', '提出申诉', 'Filed an appeal'),
  'points.appeal.uphold': a('points', '申诉成立', 'Upheld an appeal'),
  'points.appeal.dismiss': a('points', '驳回申诉', 'Dismissed an appeal'),
  'points.appeal.withdraw': a('points', '撤回申诉', 'Withdrew an appeal'),
  'points.year.compute': a('points', '测算年度等次', 'Computed the year’s tiers'),
  'points.year.submit': a('points', '提交年度评级', 'Submitted the year’s grading'),
  'points.year.return': a('points', '退回年度评级', 'Returned the year’s grading'),
  'points.year.approve': a('points', '审定年度评级', 'Approved the year’s grading'),
  'points.year.publish': a('points', '发布年度评级', 'Published the year’s grading'),
  'points.action.complete': a('points', '完成奖惩事项', 'Completed a follow-up action'),

  'branch_eval.indicator.create': a('branch_eval', '新建指标', 'Created an indicator'),
  'branch_eval.indicator.update': a('branch_eval', '修改指标', 'Edited an indicator'),
  'branch_eval.indicator.import': a('branch_eval', '导入指标库', 'Imported indicators'),
  'branch_eval.template.create': a('branch_eval', '新建考核模板', 'Created a template'),
  'branch_eval.template.update': a('branch_eval', '修改考核模板', 'Edited a template'),
  'branch_eval.plan.create': a('branch_eval', '制定季度方案', 'Drew up a quarter’s plan'),
  'branch_eval.plan.copy': a('branch_eval', '沿用上季度方案', 'Copied last quarter’s plan'),
  'branch_eval.plan.tailor': a('branch_eval', '调整支部方案', 'Tailored a branch’s plan'),
  'branch_eval.plan.approve': a('branch_eval', '审定季度方案', 'Approved a plan'),
  'branch_eval.month.open': a('branch_eval', '开启月度考核', 'Opened a month'),
  'branch_eval.self.save': a('branch_eval', '支部自评', 'Saved a self-evaluation'),
  'branch_eval.peer.assign_default': a('branch_eval', '分配互评', 'Assigned peer raters'),
  'branch_eval.peer.set_raters': a('branch_eval', '调整互评支部', 'Changed peer raters'),
  'branch_eval.peer.sheets': a('branch_eval', '互评评分表', 'Peer score sheets'),
  'branch_eval.peer.submit': a('branch_eval', '提交互评', 'Submitted peer scores'),
  'branch_eval.verification.save': a('branch_eval', '考核办验证', 'Saved a verification'),
  'branch_eval.innovation.project': a(
    'branch_eval',
    '考核办按优秀项目计入创新加分',
    'Awarded innovation points citing an excellent project',
  ),
  'branch_eval.innovation.project_withdraw': a(
    'branch_eval',
    '考核办撤回项目创新加分',
    'Withdrew innovation points citing a project',
  ),
  'branch_eval.rectify': a('branch_eval', '整改说明', 'Recorded a rectification'),
  'branch_eval.month.approve': a('branch_eval', '审定月度结果', 'Approved a month'),
  'branch_eval.month.publish': a('branch_eval', '发布月度结果', 'Published a month'),
  'branch_eval.month.movement_update': a('branch_eval', '更新名次变化', 'Updated rank movement'),
  'branch_eval.correction.file': a('branch_eval', '提出更正', 'Filed a correction'),
  'branch_eval.correction.approve': a('branch_eval', '批准更正', 'Approved a correction'),
  'branch_eval.correction.reject': a('branch_eval', '驳回更正', 'Rejected a correction'),
  'branch_eval.grade_rule.save': a('branch_eval', '设置定级规则', 'Saved the grading rule'),
  'branch_eval.integration_key.issue': a('branch_eval', '签发接口密钥', 'Issued an integration key'),
  'branch_eval.integration_key.revoke': a('branch_eval', '吊销接口密钥', 'Revoked an integration key'),

  'projects.create': a('projects', '新建党建项目', 'Created a project'),
  'projects.plan.template.save': a('projects', '保存年度计划模板', 'Stored a year-plan template'),
  'projects.update': a('projects', '修改党建项目', 'Edited a project'),
  'projects.issue': a('projects', '下达项目', 'Issued a project'),
  'projects.submit': a('projects', '提交立项申请', 'Submitted a proposal'),
  'projects.return': a('projects', '退回立项申请', 'Returned a proposal'),
  'projects.approve': a('projects', '批准立项', 'Approved a project'),
  'projects.reject': a('projects', '不予立项', 'Rejected a project'),
  'projects.start': a('projects', '开始实施', 'Started a project'),
  'projects.submit_summary': a('projects', '提交总结', 'Submitted the summary'),
  'projects.return_summary': a('projects', '退回总结', 'Returned the summary'),
  'projects.evaluate': a('projects', '完成评审', 'Evaluated a project'),
  'projects.promote': a('projects', '推广入库', 'Promoted to the library'),
  'projects.suspend': a('projects', '暂停项目', 'Suspended a project'),
  'projects.resume': a('projects', '恢复项目', 'Resumed a project'),
  'projects.cancel': a('projects', '撤销项目', 'Cancelled a project'),
  'projects.adopt': a('projects', '复制推广', 'Adopted a project'),
  'projects.report': a('projects', '报告节点', 'Reported a milestone'),
  'projects.change.request': a('projects', '申请调整节点日期', 'Asked to move a due date'),
  'projects.change.approve': a('projects', '同意调整节点日期', 'Approved a due-date change'),
  'projects.change.reject': a('projects', '不同意调整节点日期', 'Refused a due-date change'),
  'projects.panel.set': a('projects', '确定评审组', 'Named the panel'),
  'projects.score': a('projects', '评审打分', 'Scored a project'),
  'projects.rule.save': a('projects', '修改项目规则', 'Changed the project rules'),

  'terms.calendar.create': a('terms', '新建节气月例表', 'Created a solar-term calendar'),
  'terms.tasks.set': a('terms', '编辑节气任务', 'Edited the term tasks'),
  'terms.calendar.publish': a('terms', '发布月例表', 'Published the calendar'),
  'terms.term.correct': a('terms', '更正节气时间', 'Corrected a term'),
  'terms.assign': a('terms', '下达节气任务', 'Assigned term tasks'),
  'terms.checkin': a('terms', '节气任务打卡', 'Checked a task in'),

  'inspection.campaign.create': a('inspection', '新建检查考核', 'Created a campaign'),
  'inspection.campaign.update': a('inspection', '修改检查考核', 'Edited a campaign'),
  'inspection.campaign.units': a('inspection', '设置考核对象', 'Set the target units'),
  'inspection.campaign.inspectors': a('inspection', '设置检查组', 'Set the inspection team'),
  'inspection.campaign.open_self_check': a('inspection', '启动自查自评', 'Opened the self-check'),
  'inspection.campaign.start_inspection': a('inspection', '开始现场检查', 'Started the inspection'),
  'inspection.campaign.submit_review': a('inspection', '提交党委审定', 'Submitted for review'),
  'inspection.campaign.return': a('inspection', '退回检查考核', 'Returned the campaign'),
  'inspection.campaign.publish': a('inspection', '公布考评结果', 'Published the results'),
  'inspection.weights.save': a('inspection', '修改权重', 'Changed the weights'),
  'inspection.criteria.save': a('inspection', '修改考核细则', 'Edited the criteria'),
  'inspection.criteria.import': a('inspection', '导入考核细则', 'Imported the criteria'),
  'inspection.self_check.save': a('inspection', '保存自查自评', 'Saved a self-check'),
  'inspection.self_check.submit': a('inspection', '提交自查自评', 'Submitted a self-check'),
  'inspection.hearing.save': a('inspection', '汇报评分', 'Scored a report'),
  'inspection.finding.create': a('inspection', '记录问题', 'Recorded a finding'),
  'inspection.finding.delete': a('inspection', '删除问题', 'Deleted a finding'),
  'inspection.review.done': a('inspection', '完成资料查阅', 'Finished the document review'),
  'inspection.rectification.create': a('inspection', '下达整改', 'Created a rectification item'),
  'inspection.rectification.close': a('inspection', '整改销号', 'Closed a rectification item'),
  'inspection.ballots.items': a('inspection', '设置测评项目', 'Set the ballot items'),
  'inspection.ballots.codes.issue': a('inspection', '生成测评码', 'Issued ballot codes'),
  'inspection.ballots.open': a('inspection', '开始民主测评', 'Opened the ballot box'),
  'inspection.ballots.close': a('inspection', '结束民主测评', 'Closed the ballot box'),
  'inspection.ballots.paper': a('inspection', '录入纸质测评票', 'Entered paper ballots'),
  'inspection.ledger.freeze': a('inspection', '冻结抽查名单', 'Froze the ledger manifest'),
  'inspection.ledger.seed': a('inspection', '录入随机种子', 'Recorded the seed'),
  'inspection.ledger.draw': a('inspection', '抽取班组台帐', 'Drew the ledger sample'),
  'inspection.ledger.score': a('inspection', '台帐评分', 'Scored a ledger'),

  'calendar.set_year': a('system', '设置节假日', 'Set a year’s holidays'),
  'file.upload': a('system', '上传附件', 'Uploaded a file'),
  'seed.demo': a('system', '载入演示数据', 'Loaded the demo'),
  'seed.demo.points': a('system', '载入演示积分', 'Loaded demo points'),
  'seed.demo.peer': a('system', '载入演示互评', 'Loaded demo peer scores'),
  'seed.scale': a('system', '生成规模测试数据', 'Generated scale data'),
} as const satisfies Record<string, { group: AuditGroup } & Label>;
export type AuditAction = keyof typeof auditActions;

/** Every entity type, by its code. */
export const auditEntities = {
  org: { zh: '组织', en: 'Organisation' },
  member: { zh: '党员', en: 'Member' },
  user: { zh: '用户', en: 'User' },
  calendar: { zh: '节假日', en: 'Holidays' },
  import: { zh: '数据导入', en: 'Import' },
  file: { zh: '附件', en: 'File' },
  points_scheme: { zh: '积分方案', en: 'Points scheme' },
  points_activity: { zh: '活动', en: 'Activity' },
  points_entry: { zh: '积分记录', en: 'Points entry' },
  points_quarter: { zh: '季度', en: 'Quarter' },
  points_appeal: { zh: '申诉', en: 'Appeal' },
  points_year: { zh: '年度评级', en: 'Year grading' },
  points_action: { zh: '奖惩事项', en: 'Follow-up action' },
  be_indicator: { zh: '考核指标', en: 'Indicator' },
  be_template: { zh: '考核模板', en: 'Template' },
  be_plan: { zh: '季度方案', en: 'Quarter plan' },
  be_month: { zh: '考核月', en: 'Evaluation month' },
  be_branch_month: { zh: '支部月度考核', en: 'Branch month' },
  be_self_score: { zh: '自评', en: 'Self-evaluation' },
  be_peer_sheet: { zh: '互评表', en: 'Peer sheet' },
  be_month_score: { zh: '月度得分', en: 'Month score' },
  be_correction: { zh: '更正', en: 'Correction' },
  be_grade_rule: { zh: '定级规则', en: 'Grading rule' },
  be_integration_key: { zh: '接口密钥', en: 'Integration key' },
  pj_project: { zh: '党建项目', en: 'Project' },
  pj_plan_template: { zh: '年度计划模板', en: 'Year-plan template' },
  pj_report: { zh: '节点报告', en: 'Milestone report' },
  pj_due_change: { zh: '节点日期调整', en: 'Due-date change' },
  pj_comment: { zh: '点评', en: 'Comment' },
  pj_rule: { zh: '项目规则', en: 'Project rules' },
  terms_calendar: { zh: '节气月例表', en: 'Solar-term calendar' },
  terms_assignment: { zh: '节气任务', en: 'Term task' },
  insp_campaign: { zh: '检查考核', en: 'Inspection campaign' },
  insp_self_score: { zh: '自查自评', en: 'Self-check' },
  insp_rectification: { zh: '整改事项', en: 'Rectification item' },
  insp_unit: { zh: '考核对象', en: 'Inspected unit' },
  insp_finding: { zh: '检查问题', en: 'Finding' },
  insp_ledger_team: { zh: '抽查台帐', en: 'Sampled ledger' },
} as const satisfies Record<string, Label>;
export type AuditEntity = keyof typeof auditEntities;

/** Names of the fields details most often change, so a detail reads "状态 由 … 改为 …". */
export const auditFields: Record<string, Label> = {
  state: { zh: '状态', en: 'state' },
  name: { zh: '名称', en: 'name' },
  code: { zh: '编码', en: 'code' },
  title: { zh: '标题', en: 'title' },
  note: { zh: '说明', en: 'note' },
  reason: { zh: '原因', en: 'reason' },
  points: { zh: '分值', en: 'points' },
  quantity: { zh: '数量', en: 'quantity' },
  score: { zh: '得分', en: 'score' },
  total: { zh: '总分', en: 'total' },
  active: { zh: '启用', en: 'active' },
  parentId: { zh: '上级组织', en: 'parent' },
  branchId: { zh: '所在支部', en: 'branch' },
  role: { zh: '角色', en: 'role' },
  displayName: { zh: '显示名', en: 'display name' },
  account: { zh: '账号', en: 'account' },
  occurredOn: { zh: '发生日期', en: 'date' },
  itemCode: { zh: '积分项目', en: 'item' },
  memberId: { zh: '党员', en: 'member' },
  quarter: { zh: '季度', en: 'quarter' },
  month: { zh: '月份', en: 'month' },
  year: { zh: '年度', en: 'year' },
  done: { zh: '完成', en: 'done' },
  raters: { zh: '互评支部数', en: 'raters' },
  status: { zh: '党员状态', en: 'status' },
  phone: { zh: '电话', en: 'phone' },
  post: { zh: '岗位', en: 'post' },
};

/** An action's name; a code not in the catalogue (an older row) is shown as it is. */
export function auditActionLabel(action: string, side: 'zh' | 'en'): string {
  const known = (auditActions as Record<string, Label | undefined>)[action];
  return known ? known[side] : action;
}

export function auditEntityLabel(entity: string, side: 'zh' | 'en'): string {
  const known = (auditEntities as Record<string, Label | undefined>)[entity];
  return known ? known[side] : entity;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function shortValue(v: unknown, side: 'zh' | 'en'): string {
  if (v === null || v === undefined || v === '') return side === 'zh' ? '空' : 'empty';
  if (v === true) return side === 'zh' ? '是' : 'yes';
  if (v === false) return side === 'zh' ? '否' : 'no';
  if (Array.isArray(v)) return side === 'zh' ? `${v.length} 项` : `${v.length} items`;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 24 ? `${s.slice(0, 23)}…` : s;
}

/**
 * A row's change as a sentence: "状态由“submitted”改为“approved”，分值由 3 改为 5，另有 2 项变更。"
 * / "Changed state from “submitted” to “approved”, points from 3 to 5, and 2 more." A row
 * with only an `after` (something created) lists what it was created with.
 */
export function describeAuditChange(before: unknown, after: unknown, side: 'zh' | 'en', max = 3): string {
  const b = isRecord(before) ? before : {};
  const aft = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(aft), ...Object.keys(b)])].filter(
    (k) => JSON.stringify(aft[k]) !== JSON.stringify(b[k]),
  );
  if (keys.length === 0) return '';
  const field = (k: string) => auditFields[k]?.[side] ?? k;
  const created = !isRecord(before) || Object.keys(b).length === 0;
  const shown = keys.slice(0, max);
  const more = keys.length - shown.length;
  if (created) {
    const parts = shown.map((k) => `${field(k)} ${shortValue(aft[k], side)}`);
    if (side === 'zh') return `内容：${parts.join('，')}${more > 0 ? `，另有 ${more} 项` : ''}。`;
    return `With ${parts.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`;
  }
  if (side === 'zh') {
    const parts = shown.map(
      (k) => `${field(k)}由“${shortValue(b[k], side)}”改为“${shortValue(aft[k], side)}”`,
    );
    return `${parts.join('，')}${more > 0 ? `，另有 ${more} 项变更` : ''}。`;
  }
  const parts = shown.map(
    (k) => `${field(k)} from “${shortValue(b[k], side)}” to “${shortValue(aft[k], side)}”`,
  );
  return `Changed ${parts.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`;
}
