import { describe, expect, it } from 'vitest';
import { radarCorner, scoreAxis, wrapLabel } from './svg-chart.js';

describe('the member trend’s score axis', () => {
  it('starts at 0 and reaches 100 for ordinary scores, so a small dip looks small', () => {
    expect(scoreAxis([66.5, 68, null, 67])).toEqual({ max: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(scoreAxis([null, null])).toEqual({ max: 100, ticks: [0, 20, 40, 60, 80, 100] });
  });

  it('grows to the next ten above a score over 100', () => {
    const axis = scoreAxis([101.5, 90]);
    expect(axis.max).toBe(110);
    expect(axis.ticks[0]).toBe(0);
    expect(axis.ticks.at(-1)).toBe(110);
    expect(Math.max(...axis.ticks)).toBe(110);
  });
});

describe('the radar geometry', () => {
  it('points the first axis up and turns clockwise', () => {
    const [x0, y0] = radarCorner(0, 3, 1, 100, 100, 50);
    expect(x0).toBeCloseTo(100);
    expect(y0).toBeCloseTo(50);
    const [x1, y1] = radarCorner(1, 3, 0.5, 100, 100, 50);
    expect(x1).toBeGreaterThan(100);
    expect(y1).toBeGreaterThan(100);
  });

  it('wraps long names at spaces and keeps Chinese names whole', () => {
    expect(wrapLabel('Professional performance', 14)).toEqual(['Professional', 'performance']);
    expect(wrapLabel('业务工作', 14)).toEqual(['业务工作']);
  });
});
