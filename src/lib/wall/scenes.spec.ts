import { describe, expect, it } from 'vitest';
import { SCENES, burnInOffset, wallConfig } from './scenes';

describe('wall configuration from the URL', () => {
  it('takes scenes, dwell and staleness from the query and clamps them', () => {
    const c = wallConfig(new URLSearchParams('scenes=forecast,market.rates,nope&dwell=1&stale=30'));
    expect(c.scenes.map((s) => s.id)).toEqual(['forecast', 'market.rates']);
    expect(c.unknown).toEqual(['nope']);
    expect(c.dwellMs).toBe(2000);
    expect(c.staleMs).toBe(30_000);
  });

  it('falls back to the default rotation', () => {
    const c = wallConfig(new URLSearchParams(''));
    expect(c.scenes.map((s) => s.id)).toEqual(['measured', 'ai_share', 'postings_measured', 'market', 'diversity', 'forecast', 'training']);
    expect(c.dwellMs).toBe(20_000);
  });

  it('moves the picture by a few pixels each minute and comes back', () => {
    const seen = new Set(Array.from({ length: 8 }, (_, m) => burnInOffset(m).join(',')));
    expect(seen.size).toBe(8);
    expect(burnInOffset(8)).toEqual(burnInOffset(0));
    for (let m = 0; m < 8; m++) for (const v of burnInOffset(m)) expect(Math.abs(v)).toBeLessThanOrEqual(4);
  });

  it('captions the forecast scene by its inputs: the paper’s published ones, not live measurements', () => {
    const forecast = SCENES.find((s) => s.panel === 'forecast.peak_data');
    expect(forecast?.caption).toContain("the paper's published inputs");
    expect(forecast?.caption).not.toMatch(/measured live|live inputs/);
  });
});
