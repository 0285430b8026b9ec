/**
 * One error type with a stable code. The table below is the single place that maps a code to
 * its HTTP status and its messages in Chinese and English; the Fastify error handler renders
 * `{ error: { code, message, messages, details } }` from it.
 */
export const errorCatalog = {
  validation_failed: { status: 400, zh: '请求数据不符合要求', en: 'The request data is invalid' },
  invalid_credentials: { status: 401, zh: '账号或密码错误', en: 'Wrong account or password' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please log in first' },
  session_expired: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please log in again' },
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
  invalid_parent: { status: 409, zh: '上级组织类型不允许', en: 'This kind of node cannot sit under that parent' },
  org_inactive: { status: 409, zh: '该组织已撤销', en: 'This organisation is no longer active' },
  org_has_active_children: {
    status: 409,
    zh: '该组织下仍有有效的下级组织或党员，不能撤销',
    en: 'This node still has active children or members and cannot be deactivated',
  },
  not_a_branch: { status: 409, zh: '党员只能编入党支部或党小组', en: 'Members can only belong to a branch or group' },
  wrong_password: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  weak_password: {
    status: 400,
    zh: '密码至少 8 位，且须包含字母和数字',
    en: 'A password needs at least 8 characters with letters and digits',
  },
  too_many_attempts: {
    status: 429,
    zh: '登录失败次数过多，请 15 分钟后再试',
    en: 'Too many failed logins; try again in 15 minutes',
  },
  file_too_large: { status: 413, zh: '文件过大', en: 'The file is too large' },
  file_missing: { status: 400, zh: '请上传文件', en: 'Please upload a file' },
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
