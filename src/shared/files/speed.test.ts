import { describe, expect, it } from 'vitest';
import { formatBytes, percentOf, SpeedMeter, Throttle } from './speed.ts';

describe('SpeedMeter', () => {
  it('is 0 with fewer than two samples', () => {
    const meter = new SpeedMeter();
    expect(meter.bytesPerSecond(0)).toBe(0);
    meter.add(0, 0);
    expect(meter.bytesPerSecond(100)).toBe(0);
  });

  it('measures bytes per second between samples', () => {
    const meter = new SpeedMeter(2000);
    meter.add(0, 0);
    meter.add(500, 1_000_000);
    expect(meter.bytesPerSecond(500)).toBe(2_000_000);
  });

  it('looks at the recent window only, so a slowdown shows', () => {
    const meter = new SpeedMeter(1000);
    meter.add(0, 0);
    meter.add(1000, 10_000_000); // 10 MB/s at first
    meter.add(2000, 10_100_000);
    meter.add(3000, 10_200_000); // then 100 KB/s
    expect(meter.bytesPerSecond(3000)).toBe(100_000);
  });

  it('falls while nothing arrives (a stall), measured to now', () => {
    const meter = new SpeedMeter(2000);
    meter.add(0, 0);
    meter.add(1000, 1000);
    expect(meter.bytesPerSecond(1000)).toBe(1000);
    expect(meter.bytesPerSecond(2000)).toBe(500);
  });
});

describe('percentOf and formatBytes', () => {
  it('whole percents, clamped; an empty file is done', () => {
    expect(percentOf(0, 100)).toBe(0);
    expect(percentOf(50, 100)).toBe(50);
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(1000, 1000)).toBe(100);
    expect(percentOf(2000, 1000)).toBe(100);
    expect(percentOf(0, 0)).toBe(100);
  });

  it('sizes as file managers show them', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(8 * 1024 * 1024)).toBe('8.0 MB');
    expect(formatBytes(150 * 1024 * 1024)).toBe('150 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});

describe('Throttle', () => {
  it('lets one through per interval, and a forced one always', () => {
    const throttle = new Throttle(250);
    expect(throttle.due(0)).toBe(true);
    expect(throttle.due(100)).toBe(false);
    expect(throttle.due(249)).toBe(false);
    expect(throttle.due(250)).toBe(true);
    expect(throttle.due(260, true)).toBe(true);
    expect(throttle.due(300)).toBe(false);
  });
});
