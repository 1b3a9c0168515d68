import { describe, expect, it } from 'vitest';
import { createStalenessGuard } from './staleness.js';

const LAST = new Date('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(LAST.getTime() + seconds * 1000);

describe(createStalenessGuard.name, () => {
  const guard = (last: Date | undefined, failOpen = false) =>
    createStalenessGuard({ maxStalenessSeconds: 3600, failOpen, lastContact: () => last });

  it('is fresh up to and including the limit', () => {
    expect(guard(LAST).check(at(3600))).toEqual({
      stale: false,
      ageSeconds: 3600,
      message: 'last contact with the control plane 3600 s ago',
    });
    expect(guard(LAST).isStale(at(3600).getTime())).toBe(false);
  });

  it('is stale past the limit', () => {
    expect(guard(LAST).check(at(3601))).toEqual({
      stale: true,
      ageSeconds: 3601,
      message: 'no contact with the control plane for 3601 s (limit 3600 s)',
    });
    expect(guard(LAST).isStale(at(3600.001).getTime())).toBe(true);
  });

  it('is stale without any record of contact', () => {
    expect(guard(undefined).check(at(0)).stale).toBe(true);
    expect(guard(undefined).isStale()).toBe(true);
  });

  it('reports fail-open as configured; the server decides what it means', () => {
    expect(guard(LAST, true).failOpen).toBe(true);
    expect(guard(LAST, true).check(at(7200)).stale).toBe(true);
  });
});
