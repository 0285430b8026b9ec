import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.js';
import { fieldErrors } from '../lib/errors.js';
import type { Locale } from '../lib/format.js';

/**
 * Shows a server error on the form: under the fields it concerns when it names any, else the
 * caller shows the returned error as a banner. Returns null when the fields took it.
 */
export function placeServerError<T extends object>(
  form: FormInstance<T>,
  error: unknown,
  locale: Locale,
  fields: readonly (keyof T & string)[],
  codeFields: Readonly<Record<string, keyof T & string>> = {},
): unknown {
  if (!(error instanceof ApiError)) return error;
  const placed = fieldErrors(error, locale, fields, codeFields);
  if (placed.length === 0) return error;
  const data = placed.map((f) => ({ name: f.field, errors: [f.message] }));
  form.setFields(data as Parameters<FormInstance<T>['setFields']>[0]);
  return null;
}
