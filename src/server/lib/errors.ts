/**
 * One error type with a stable code. The table below is the single place that maps a code to
 * its HTTP status and its messages in Chinese and English; the Fastify error handler renders
 * `{ error: { code, message, messages, details } }` from it.
 */
export const errorCatalog = {
  validation_failed: { status: 400, zh: '请求数据不符合要求', en: 'The request data is invalid' },
  malformed_body: {
    status: 400,
    zh: '请求内容格式错误，无法读取',
    en: 'The request body is malformed and cannot be read',
  },
  unsupported_media_type: {
    status: 415,
    zh: '不支持该请求内容类型',
    en: 'This content type is not supported',
  },
  request_too_large: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  invalid_credentials: { status: 401, zh: '账号或密码错误', en: 'Wrong account or password' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please log in first' },
  session_expired: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; please log in again',
  },
  csrf_failed: {
    status: 403,
    zh: '请求缺少有效的安全令牌，请刷新页面后重试',
    en: 'The request lacks a valid CSRF token; reload the page and try again',
  },
  forbidden: { status: 403, zh: '您没有权限执行此操作', en: 'You are not allowed to do this' },
  account_disabled: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  not_found: { status: 404, zh: '找不到该记录', en: 'Not found' },
  conflict: { status: 409, zh: '数据冲突', en: 'Conflict' },
  duplicate_code: { status: 409, zh: '编码已存在', en: 'This code is already in use' },
  duplicate_employee_no: { status: 409, zh: '工号已存在', en: 'This employee number is already in use' },
  duplicate_account: { status: 409, zh: '账号已存在', en: 'This account already exists' },
  invalid_move: {
    status: 409,
    zh: '不能把组织移动到它自己或它的下级之下',
    en: 'A node cannot be moved under itself or one of its descendants',
  },
  invalid_parent: {
    status: 409,
    zh: '上级组织类型不允许',
    en: 'This kind of node cannot sit under that parent',
  },
  org_inactive: { status: 409, zh: '该组织已撤销', en: 'This organisation is no longer active' },
  org_has_active_children: {
    status: 409,
    zh: '该组织下仍有有效的下级组织或党员，不能撤销',
    en: 'This node still has active children or members and cannot be deactivated',
  },
  not_a_branch: {
    status: 409,
    zh: '党员只能编入党支部或党小组',
    en: 'Members can only belong to a branch or group',
  },
  member_inactive: { status: 409, zh: '该党员已停用', en: 'This member is no longer active' },
  already_in_branch: { status: 409, zh: '该党员已在这个支部', en: 'The member is already in this branch' },
  member_has_account: { status: 409, zh: '该党员已有账号', en: 'This member already has an account' },
  grant_exists: { status: 409, zh: '该用户已有这个授权', en: 'The user already has this grant' },
  cannot_change_self: {
    status: 409,
    zh: '不能停用自己的账号或移除自己的管理员权限',
    en: 'You cannot disable your own account or remove your own admin grant',
  },
  wrong_password: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  weak_password: {
    status: 400,
    zh: '密码至少 8 位，且须包含字母和数字',
    en: 'A password needs at least 8 characters with letters and digits',
  },
  too_many_attempts: {
    status: 429,
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed logins; try again later',
  },
  password_change_required: {
    status: 403,
    zh: '请先修改密码（初始密码或管理员重置的密码）后再使用系统',
    en: 'Please change your password (the initial or reset one) before using the system',
  },
  file_too_large: { status: 413, zh: '文件过大', en: 'The file is too large' },
  file_missing: { status: 400, zh: '请上传文件', en: 'Please upload a file' },
  file_type_not_allowed: {
    status: 415,
    zh: '只能上传图片、PDF、OFD 或 Office 文档',
    en: 'Only images, PDF, OFD and Office documents can be uploaded',
  },
  invalid_document: {
    status: 400,
    zh: '该 Office 文档已损坏或解压后过大，不能上传',
    en: 'This Office document is damaged or unpacks to far more than any real document; it cannot be uploaded',
  },
  invalid_xlsx: {
    status: 400,
    zh: '文件不是有效的 Excel (.xlsx) 工作簿',
    en: 'The file is not a valid Excel (.xlsx) workbook',
  },
  wrong_headers: {
    status: 400,
    zh: '表头与模板不一致，请使用下载的模板',
    en: 'The column headers do not match the template; please use the downloaded template',
  },
  import_has_errors: {
    status: 422,
    zh: '导入数据有错误，未导入任何记录',
    en: 'The sheet has errors; nothing was imported',
  },
  empty_sheet: { status: 400, zh: '工作表中没有数据行', en: 'The sheet has no data rows' },
  too_many_rows: {
    status: 400,
    zh: '工作表行数超过上限，请拆分为多个文件导入',
    en: 'The sheet has too many rows; split it into several files',
  },
  // Cell-level codes of a spreadsheet import: each names a row and a column in `details`.
  required_value: { status: 422, zh: '必填项不能为空', en: 'This value is required' },
  invalid_date: {
    status: 422,
    zh: '日期无效，请填写如 2020-07-01 的日期',
    en: 'Not a valid date; write a date such as 2020-07-01',
  },
  invalid_choice: {
    status: 422,
    zh: '取值不在可选范围内',
    en: 'The value is not one of the allowed choices',
  },
  invalid_value: { status: 422, zh: '格式不正确', en: 'The value has the wrong format' },
  duplicate_in_sheet: { status: 422, zh: '与表中其他行重复', en: 'Duplicates another row of the sheet' },
  unknown_org_code: { status: 422, zh: '找不到该编码的组织', en: 'No organisation has this code' },
  // Member points (SPEC §2).
  invalid_transition: {
    status: 409,
    zh: '当前状态下不能执行此操作',
    en: 'This action is not possible in the current state',
  },
  reason_required: { status: 400, zh: '请填写原因', en: 'Please give a reason' },
  cursor_stale: {
    status: 409,
    zh: '数据在翻页期间已更正，请从第一页重新读取',
    en: 'The data was corrected while you paged through it; start again from the first page',
  },
  stale_record: {
    status: 409,
    zh: '该记录已被他人处理，请刷新后再试',
    en: 'Someone else has already acted on this record; reload and try again',
  },
  points_out_of_range: {
    status: 400,
    zh: '分值超出该积分项目允许的范围',
    en: "The points are outside the item's range",
  },
  points_required: { status: 400, zh: '请选择分值', en: 'Choose the points for this item' },
  quantity_invalid: {
    status: 400,
    zh: '数量必须是正整数',
    en: 'The quantity must be a positive whole number',
  },
  unknown_item: { status: 400, zh: '积分方案中没有该项目', en: 'The scheme has no such item' },
  evidence_required: { status: 400, zh: '该项目须上传佐证材料', en: 'This item requires evidence' },
  member_not_in_branch: {
    status: 409,
    zh: '该党员在该日期不属于本支部',
    en: 'The member did not belong to this branch on that date',
  },
  quarter_closed: {
    status: 409,
    zh: '该季度已关闭，迟到的更正请以调整记录提交党委审批',
    en: 'The quarter is closed; late corrections go in as an adjustment for the committee to approve',
  },
  quarter_open: { status: 409, zh: '该季度尚未关闭', en: 'The quarter is not closed yet' },
  date_outside_year: {
    status: 400,
    zh: '日期不在该积分方案的年度内',
    en: "The date is outside the scheme's year",
  },
  date_in_future: { status: 400, zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  scheme_exists: {
    status: 409,
    zh: '该党委本年度已有积分方案',
    en: 'This committee already has a scheme for that year',
  },
  scheme_invalid: {
    status: 422,
    zh: '积分方案有错误，请先修正',
    en: 'The scheme has errors; correct them first',
  },
  scheme_not_adopted: {
    status: 409,
    zh: '积分方案尚未审定启用',
    en: 'The scheme has not been adopted yet',
  },
  no_draft: { status: 409, zh: '没有待审定的方案草稿', en: 'There is no draft to adopt' },
  appeal_window_closed: {
    status: 409,
    zh: '已超过申诉期限（公布后 10 日内）',
    en: 'The appeal window (10 days after publication) has passed',
  },
  appeal_exists: { status: 409, zh: '该记录已有未处理的申诉', en: 'This entry already has an open appeal' },
  entry_not_appealable: {
    status: 409,
    zh: '只能对本人已审核通过且仍有效的积分记录申诉',
    en: 'Only your own approved entries that are still in force can be appealed',
  },
  quarter_not_published: {
    status: 409,
    zh: '该季度尚未亮分',
    en: 'The quarter has not been published yet',
  },
  entry_already_revoked: {
    status: 409,
    zh: '该记录已有撤销它的调整记录',
    en: 'An adjustment already cancels this entry',
  },
  year_quarters_not_published: {
    status: 409,
    zh: '本年度还有季度未亮分，不能进行年度总评',
    en: 'Some quarters of the year are not published yet; the year cannot be graded',
  },
  year_not_computed: {
    status: 409,
    zh: '年度等次尚未测算',
    en: 'The year’s tiers have not been computed yet',
  },
  year_stale: {
    status: 409,
    zh: '季度得分在测算后有变动，请退回并重新测算年度等次',
    en: 'Quarter scores changed after the tiers were computed; return them and compute again',
  },
  unknown_employee_no: { status: 422, zh: '找不到该工号的党员', en: 'No member has this employee number' },
  name_mismatch: {
    status: 422,
    zh: '姓名与工号不符',
    en: 'The name does not match the employee number',
  },
  // Branch joint evaluation (SPEC §3). Rule refusals carry the domain's own message in both
  // languages; these are the stable codes and statuses.
  plan_invalid: {
    status: 422,
    zh: '指标方案有错误，不能审定',
    en: 'The plan has errors and cannot be approved',
  },
  plan_frozen: {
    status: 409,
    zh: '季度已开始，指标方案已冻结',
    en: 'The quarter has started; the plan is frozen',
  },
  plan_not_draft: {
    status: 409,
    zh: '只有草稿状态的指标方案可以调整',
    en: 'Only a draft plan can be changed',
  },
  no_plan: { status: 409, zh: '该支部本季度没有指标方案', en: 'The branch has no plan for this quarter' },
  plan_not_approved: {
    status: 409,
    zh: '该支部本季度的指标方案尚未审定',
    en: "The branch's plan for this quarter is not approved yet",
  },
  unknown_indicator: { status: 400, zh: '方案中没有该指标', en: 'The plan has no such indicator' },
  score_above_max: {
    status: 400,
    zh: '分数超过该指标的分值',
    en: "The score is above the indicator's max points",
  },
  score_invalid: {
    status: 400,
    zh: '分数须为不小于 0、精确到 0.01 的分值',
    en: 'A score must be 0 or more, exact to 0.01',
  },
  input_not_applicable: {
    status: 400,
    zh: '该类指标不使用此项评分',
    en: 'This kind of indicator takes no such score',
  },
  window_not_open: {
    status: 409,
    zh: '自评互评尚未开始',
    en: 'Self and peer evaluation have not opened yet',
  },
  window_closed: {
    status: 409,
    zh: '自评互评已截止，请联系联评联考办公室重新开放',
    en: 'Self and peer evaluation have closed; ask the joint-evaluation office to reopen them',
  },
  window_open: { status: 409, zh: '自评互评尚未截止', en: 'Self and peer evaluation are still open' },
  month_closed: {
    status: 409,
    zh: '本月结果已审定，不能再修改',
    en: 'The month has been approved; it can no longer change',
  },
  month_not_opened: {
    status: 409,
    zh: '本月联评尚未开启：本轮有支部保存自评、或办公室分配评价支部后即可互评',
    en: 'The month has not been opened yet: peer sheets can be filed once a branch of the round saves its self-evaluation or the office assigns the raters',
  },
  month_not_closed: {
    status: 409,
    zh: '互评截止后才能审定本月',
    en: 'The month can be approved only after peer evaluation closes',
  },
  unverified_branches: {
    status: 409,
    zh: '还有支部未完成验证，不能审定本月',
    en: 'Some branches are not verified yet; the month cannot be approved',
  },
  no_branches: { status: 409, zh: '本月没有参评支部', en: 'No branch takes part this month' },
  self_rating: { status: 400, zh: '支部不能给自己评分', en: 'A branch cannot rate itself' },
  not_assigned: {
    status: 403,
    zh: '未安排该支部评价此支部',
    en: 'This branch is not assigned to rate that branch',
  },
  duplicate_rater: { status: 400, zh: '评价支部重复', en: 'A rater is listed twice' },
  rater_has_scored: {
    status: 409,
    zh: '该评价支部已提交互评分，不能移除',
    en: 'This rater has already submitted scores and cannot be removed',
  },
  self_evaluation_incomplete: {
    status: 422,
    zh: '自评尚未完成',
    en: 'The self-evaluation is incomplete',
  },
  verification_incomplete: { status: 422, zh: '验证尚未完成', en: 'The verification is incomplete' },
  results_not_available: {
    status: 409,
    zh: '本月结果尚未审定发布',
    en: "The month's results are not approved and published yet",
  },
  nothing_to_rectify: {
    status: 409,
    zh: '该支部本月没有必备项缺失',
    en: 'The branch missed no mandatory indicator that month',
  },
  already_rectified: { status: 409, zh: '已确认整改', en: 'The rectification is already accepted' },
  branch_eval_rule: { status: 409, zh: '不符合联评联考规则', en: 'The joint-evaluation rules refuse this' },
  integration_key_missing: {
    status: 401,
    zh: '请在 Authorization 头中提供集成密钥（Bearer）',
    en: 'Send the integration key in the Authorization header (Bearer)',
  },
  integration_key_invalid: { status: 401, zh: '集成密钥无效', en: 'The integration key is not valid' },
  integration_key_revoked: {
    status: 401,
    zh: '集成密钥已被吊销，请向系统管理员申请新密钥',
    en: 'The integration key has been revoked; ask an administrator for a new one',
  },
  terms_calendar_exists: {
    status: 409,
    zh: '该组织本年度的节气月例表已存在',
    en: 'This organisation already has a solar-term calendar for the year',
  },
  terms_calendar_published: {
    status: 409,
    zh: '月例表已发布，节气任务不能再修改',
    en: 'The calendar is published; its tasks can no longer be edited',
  },
  terms_calendar_not_published: {
    status: 409,
    zh: '月例表尚未发布',
    en: 'The calendar is not published yet',
  },
  terms_invalid_sequence: {
    status: 409,
    zh: '更正后的节气时间必须在前后两个节气之间',
    en: 'A corrected term must start after the previous term and before the next one',
  },
  terms_not_a_branch: {
    status: 409,
    zh: '节气任务只能下达给该月例表所属组织下的党支部',
    en: 'Solar-term tasks can only be assigned to branches under the calendar’s organisation',
  },
  terms_window_not_open: {
    status: 409,
    zh: '该节气尚未开始，不能打卡',
    en: 'This solar term has not started yet; the task cannot be checked in',
  },
  terms_window_closed: {
    status: 409,
    zh: '已超过补打卡期限（下一个节气结束），不能再打卡',
    en: 'The late check-in period (until the next term ends) is over',
  },
  terms_already_checked_in: { status: 409, zh: '该任务已打卡', en: 'This task is already checked in' },
  terms_note_required: { status: 422, zh: '请填写完成情况说明', en: 'Describe what was done' },
  terms_evidence_required: {
    status: 422,
    zh: '该任务要求提供佐证材料（上传或关联已有记录）',
    en: 'This task requires evidence: upload a file or link a record',
  },
  // Democratic evaluation and ledger spot-check (inspection).
  invalid_ballot_code: {
    status: 422,
    zh: '投票码无效或已使用',
    en: 'This ballot code is not valid or has been used',
  },
  ballot_box_closed: { status: 409, zh: '投票尚未开始或已经结束', en: 'The ballot box is not open' },
  ballot_box_state: {
    status: 409,
    zh: '投票箱当前状态不允许此操作',
    en: 'The ballot box is not in a state that allows this',
  },
  ballot_invalid: {
    status: 422,
    zh: '请对每个测评项目选择 好/较好/一般/差 之一',
    en: 'Rate every item with one of Good, Fairly good, Average, Poor',
  },
  ballot_rate_limited: {
    status: 429,
    zh: '请求过于频繁，请稍后再试',
    en: 'Too many requests; try again shortly',
  },
  unit_not_in_campaign: {
    status: 422,
    zh: '该单位不是本次检查考核的对象',
    en: 'This unit is not a target of the campaign',
  },
  paper_entry_rule: {
    status: 409,
    zh: '纸质票录入须由两人分别完成，且已入账的计票单不能再录入',
    en: 'A paper tally sheet is entered by two different people, and an applied sheet cannot be entered again',
  },
  paper_counts_invalid: {
    status: 422,
    zh: '纸质票计数与票数不符：每个项目的四档计数之和须等于票数',
    en: "The paper counts do not add up: each item's four counts must sum to the number of ballots",
  },
  manifest_frozen: { status: 409, zh: '抽查名单已冻结', en: 'The manifest is already frozen' },
  manifest_not_frozen: {
    status: 409,
    zh: '请先冻结并公布抽查名单',
    en: 'Freeze and publish the manifest first',
  },
  seed_locked: {
    status: 409,
    zh: '抽样已开始，随机种子不能再修改',
    en: 'Sampling has started: the seed can no longer change',
  },
  seed_missing: { status: 409, zh: '请先录入随机种子', en: 'Record the seed first' },
  team_not_sampled: {
    status: 409,
    zh: '该班组不在抽中的样本里',
    en: 'This team is not in the drawn sample',
  },
  inspection_rule: {
    status: 409,
    zh: '不符合年度综合检查考核规则',
    en: 'The annual inspection rules refuse this',
  },
  own_unit: {
    status: 403,
    zh: '检查考核组成员不能给本单位评分',
    en: 'An inspector cannot score their own unit',
  },
  criterion_not_in_campaign: {
    status: 400,
    zh: '该考核细则不属于本次检查考核',
    en: 'This criterion belongs to another campaign',
  },
  unit_unscored: {
    status: 409,
    zh: '还有单位未完成评分，不能公布考评结果',
    en: 'Some units are not scored yet; the results cannot be published',
  },
  not_working_day: { status: 400, zh: '该日期不是工作日', en: 'This date is not a working day' },
  project_not_excellent: {
    status: 409,
    zh: '只有评审等次为优秀的项目才能推广入库',
    en: 'Only a project graded excellent can be promoted',
  },
  project_award_not_excellent: {
    status: 409,
    zh: '只有评审等次为优秀的项目才能为承担支部计入创新加分',
    en: 'Only a project graded excellent earns its branch innovation points',
  },
  project_not_of_branch: {
    status: 422,
    zh: '该项目不是本支部承担的项目',
    en: 'This project is not owned by this branch',
  },
  project_already_cited: {
    status: 409,
    zh: '该项目已计入过创新加分，同一项目只能计入一次',
    en: 'This project has already earned innovation points; a project is cited once',
  },
  innovation_not_indicator: {
    status: 422,
    zh: '该指标不是本支部方案中的创新类指标',
    en: 'This is not an innovation indicator of the branch’s plan',
  },
  innovation_cap_exceeded: {
    status: 422,
    zh: '超出该指标分值或本月创新加分上限',
    en: 'This exceeds the indicator’s points or the month’s innovation cap',
  },
  innovation_below_citations: {
    status: 422,
    zh: '创新加分不能低于已计入项目的分值，请先撤回项目加分',
    en: 'The innovation award cannot be below the points of the projects cited; withdraw them first',
  },
  project_incomplete: { status: 409, zh: '项目材料不完整', en: 'The project is not complete yet' },
  project_locked: {
    status: 409,
    zh: '立项后项目内容不能直接修改，节点日期只能通过党委批准的变更申请调整',
    en: 'After approval the project cannot be edited; due dates change only through a change request the committee approves',
  },
  project_not_reportable: {
    status: 409,
    zh: '项目当前状态不能报告节点',
    en: 'Milestones of a project in this state cannot be reported',
  },
  milestone_outside_year: {
    status: 422,
    zh: '节点日期须在项目年度内',
    en: 'Milestone dates must fall within the project year',
  },
  team_member_outside: {
    status: 422,
    zh: '项目团队成员须是承担单位的党员',
    en: 'Team members must belong to the owning organisation',
  },
  change_pending: {
    status: 409,
    zh: '该节点已有待审批的变更申请',
    en: 'This milestone already has a pending change request',
  },
  change_decided: { status: 409, zh: '该变更申请已处理', en: 'This change request is already decided' },
  milestone_reported: {
    status: 409,
    zh: '该节点已报告，不能再变更日期',
    en: 'This milestone is reported; its date cannot change',
  },
  panel_too_small: { status: 422, zh: '评审组至少需要 3 人', en: 'A panel needs at least 3 members' },
  panel_member_of_owner: {
    status: 422,
    zh: '项目承担单位的人员不能担任该项目的评审',
    en: 'Nobody from the owning organisation may sit on its panel',
  },
  panel_not_eligible: {
    status: 422,
    zh: '评审须由党委、党群工作部或检查考核组成员担任',
    en: 'Panel members must hold the committee, affairs or inspector role',
  },
  panel_scoring_started: {
    status: 409,
    zh: '已有评审打分，不能再调整评审组',
    en: 'Scoring has started; the panel cannot change',
  },
  not_on_panel: { status: 403, zh: '您不是该项目的评审', en: 'You are not on this project’s panel' },
  score_already_submitted: {
    status: 409,
    zh: '您已提交过评分，每位评审只能评分一次',
    en: 'You have already scored; each panel member scores once',
  },
  project_not_in_library: {
    status: 409,
    zh: '该项目不在经验亮点库中',
    en: 'This project is not in the library',
  },
  adopt_own_project: {
    status: 409,
    zh: '复制推广须由其他支部申报',
    en: 'A project is adopted by another branch, not its own',
  },
  comment_reply_only: {
    status: 403,
    zh: '项目承担单位只能回复点评',
    en: 'The owning organisation can only reply to comments',
  },
  // Repeated and premature calls (idempotency keys; results not yet published).
  idempotency_key_reused: {
    status: 422,
    zh: '同一提交标识已用于另一份内容，请重新打开表单后再提交',
    en: 'This submission key was already used for different content; reopen the form and submit again',
  },
  request_in_progress: {
    status: 409,
    zh: '同一提交仍在处理中，请稍候查看结果',
    en: 'The same submission is still being processed; check the result in a moment',
  },
  not_published: {
    status: 409,
    zh: '该期结果尚未公布',
    en: 'These results have not been published yet',
  },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Optional override of the catalogue's message, in both languages. */
  readonly custom: { zh: string; en: string } | undefined;

  constructor(code: ErrorCode, details?: unknown, custom?: { zh: string; en: string }) {
    super(custom?.en ?? errorCatalog[code].en);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.custom = custom;
  }

  get status(): number {
    return errorCatalog[this.code].status;
  }

  messageIn(locale: Locale): string {
    const m = this.custom ?? errorCatalog[this.code];
    return locale === 'en' ? m.en : m.zh;
  }
}

export type Locale = 'zh-CN' | 'en';

/** The request's language: `?lang=`, then Accept-Language; Chinese unless English is asked for. */
export function pickLocale(acceptLanguage: string | undefined, explicit?: string | null): Locale {
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export const notFound = (what: string, id: unknown) => new AppError('not_found', { entity: what, id });
export const forbidden = (details?: unknown) => new AppError('forbidden', details);

/** An action refused in advance: the error the server would answer, as a page shows it (contracts' `blockedAction`). */
export function blockedBy(action: string, err: AppError) {
  return { action, code: err.code, messages: { 'zh-CN': err.messageIn('zh-CN'), en: err.messageIn('en') } };
}
