import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, fitWindowSize } from './window-size';

describe('fitWindowSize', () => {
  it.each([
    ['a large screen keeps the default', { width: 1920, height: 1040 }, DEFAULT_WINDOW_SIZE],
    ['1400×757 of work area: as tall as fits, under a title bar', { width: 1400, height: 757 }, { width: 1280, height: 717 }],
    ['1366×768 at 125 % (1093×584 work area)', { width: 1093, height: 584 }, { width: 1093, height: MIN_WINDOW_SIZE.height }],
    ['1024×700: narrower and lower', { width: 1024, height: 700 }, { width: 1024, height: 660 }],
    ['smaller than the minimum: the minimum', { width: 800, height: 500 }, MIN_WINDOW_SIZE],
    ['fractional work areas give whole pixels', { width: 1100.4, height: 700.6 }, { width: 1100, height: 661 }],
  ])('%s', (_name, workArea, expected) => {
    expect(fitWindowSize(workArea)).toEqual(expected);
  });

  it('fits a preferred size other than the default, and a frame given in full', () => {
    expect(fitWindowSize({ width: 1200, height: 900 }, { width: 1600, height: 1000 }, { width: 16, height: 60 })).toEqual({ width: 1184, height: 840 });
  });
});
