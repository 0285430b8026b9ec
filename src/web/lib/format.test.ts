import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './download.js';
import {
  chinaDayBoundaryUtc,
  clampDate,
  formatDateTime,
  formatLongDate,
  interpolate,
  placeholders,
  prettyJson,
  toQueryString,
  weekdayOf,
} from './format.js';
import { NdjsonSplitter } from './ndjson.js';

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('共 {total} 条', { total: 5 })).toBe('共 5 条');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(interpolate('plain')).toBe('plain');
  });

  it('lists placeholders sorted', () => {
    expect(placeholders('{b} {a} {b}')).toEqual(['a', 'b', 'b']);
  });
});

describe('Beijing time', () => {
  it('formats a UTC timestamp in Beijing time', () => {
    expect(formatDateTime('2026-03-15T16:30:05.000Z')).toBe('2026-03-16 00:30:05');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('garbage')).toBe('garbage');
  });

  it('writes a day out in full without shifting it, whatever the zone', () => {
    expect(formatLongDate('2026-12-07', 'zh-CN')).toBe('2026年12月7日星期一');
    expect(formatLongDate('2026-12-07', 'en')).toBe('Monday, December 7, 2026');
    expect(formatLongDate('2027-01-01', 'zh-CN')).toBe('2027年1月1日星期五');
  });

  it('moves a date into an allowed range', () => {
    expect(clampDate('2026-12-07', '2027-01-01', '2027-12-31')).toBe('2027-01-01');
    expect(clampDate('2026-12-07', '2025-01-01', '2025-12-31')).toBe('2025-12-31');
    expect(clampDate('2026-12-07', '2026-01-01')).toBe('2026-12-07');
    expect(clampDate('2026-12-07', undefined, '2026-11-30')).toBe('2026-11-30');
    expect(clampDate('2026-12-07')).toBe('2026-12-07');
  });

  it('turns a Beijing day into the UTC instants of its start and end', () => {
    expect(chinaDayBoundaryUtc('2026-03-16', 'start')).toBe('2026-03-15T16:00:00.000Z');
    expect(chinaDayBoundaryUtc('2026-03-16', 'end')).toBe('2026-03-16T15:59:59.999Z');
  });

  it('computes weekdays without the local zone', () => {
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(weekdayOf('2026-02-16')).toBe(1);
  });
});

describe('toQueryString', () => {
  it('drops empty values and encodes the rest', () => {
    expect(toQueryString({ q: '张 三', page: 1, status: undefined, x: '', y: null, on: true })).toBe(
      '?q=%E5%BC%A0+%E4%B8%89&page=1&on=true',
    );
    expect(toQueryString({ a: undefined })).toBe('');
  });
});

describe('prettyJson', () => {
  it('prints nothing for missing states', () => {
    expect(prettyJson(null)).toBe('');
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

describe('fileNameFromDisposition', () => {
  it("prefers the UTF-8 name (the server's Chinese file names)", () => {
    const h = `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent('党员名单-2026.xlsx')}`;
    expect(fileNameFromDisposition(h, 'x.xlsx')).toBe('党员名单-2026.xlsx');
  });

  it('falls back to the plain name, then to the default', () => {
    expect(fileNameFromDisposition('attachment; filename="a b.xlsx"', 'x')).toBe('a b.xlsx');
    expect(fileNameFromDisposition('attachment; filename=plain.xlsx', 'x')).toBe('plain.xlsx');
    expect(fileNameFromDisposition(null, 'x.xlsx')).toBe('x.xlsx');
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A", 'x.xlsx')).toBe('x.xlsx');
  });
});

describe('NdjsonSplitter', () => {
  it('yields whole lines across arbitrary chunk boundaries', () => {
    const s = new NdjsonSplitter();
    expect(s.push('{"type":"progress","done":0,')).toEqual([]);
    expect(s.push('"total":2}\n{"type":"progress","done":2,"total":2}\n{"type":"res')).toEqual([
      { type: 'progress', done: 0, total: 2 },
      { type: 'progress', done: 2, total: 2 },
    ]);
    expect(s.push('ult","imported":2}')).toEqual([]);
    expect(s.end()).toEqual([{ type: 'result', imported: 2 }]);
    expect(s.end()).toEqual([]);
  });

  it('skips blank lines', () => {
    expect(new NdjsonSplitter().push('\n\n{"a":1}\n\n')).toEqual([{ a: 1 }]);
  });
});
