import { describe, expect, it } from 'vitest';
import { absentees, itemForKind } from './activity.js';

const items = [
  { code: 'P01', name: '参加主题党日', direction: 'bonus' as const },
  { code: 'P05', name: '主题党日活动中作交流发言', direction: 'bonus' as const },
  { code: 'D01', name: '无故缺席主题党日', direction: 'deduction' as const },
  { code: 'C01', name: '志愿服务', direction: 'bonus' as const },
];

describe('itemForKind', () => {
  it('picks the plainest bonus item named after the activity type, never a deduction', () => {
    expect(itemForKind('主题党日', items)).toBe('P01');
    expect(itemForKind(' 志愿服务 ', items)).toBe('C01');
  });
  it('picks nothing for a type no item names, or too short to tell', () => {
    expect(itemForKind('三会一课', items)).toBeUndefined();
    expect(itemForKind('党', items)).toBeUndefined();
  });
});

describe('absentees', () => {
  it('lists the members not ticked, in order', () => {
    const m = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(absentees(m, [2])).toEqual([{ id: 1 }, { id: 3 }]);
    expect(absentees(m, [1, 2, 3])).toEqual([]);
  });
});
