// Specs for the shared contract in src/lib/contract/forecast.ts, kept here with the engine they
// feed so that the unit project picks them up without touching the contract folder.
import { describe, expect, it } from 'vitest';
import { dayToDecimalYear, fromDecimalYear, toDecimalYear } from '../../src/lib/contract/days';
import { forecastQuerySchema, mergeForecastQuery } from '../../src/lib/contract/forecast';
import { publishedInputs } from './published';

function issues(query: Record<string, string>): { path: string; message: string }[] {
  const r = forecastQuerySchema.safeParse(query);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('forecastQuerySchema', () => {
  it('accepts an empty query', () => {
    expect(forecastQuerySchema.parse({})).toEqual({});
  });

  it('coerces every field from strings', () => {
    const q = forecastQuerySchema.parse({
      model: 'simple',
      as_of: '2024.5',
      stock_p5: '1e14',
      stock_p95: '1e15',
      stock_growth_p5: '1',
      stock_growth_p95: '1.1',
      demand_p5: '5e12',
      demand_p95: '2e13',
      demand_growth_p5: '1.96',
      demand_growth_p95: '2.94',
      overtraining: '5',
      draws: '20000',
      seed: '4294967295'
    });
    expect(q).toEqual({
      model: 'simple',
      as_of: '2024-07-02',
      stock_p5: 1e14,
      stock_p95: 1e15,
      stock_growth_p5: 1,
      stock_growth_p95: 1.1,
      demand_p5: 5e12,
      demand_p95: 2e13,
      demand_growth_p5: 1.96,
      demand_growth_p95: 2.94,
      overtraining: 5,
      draws: 20000,
      seed: 4294967295
    });
  });

  it('reads as_of as an ISO date', () => {
    expect(forecastQuerySchema.parse({ as_of: '2024-01-01' }).as_of).toBe('2024-01-01');
    expect(forecastQuerySchema.parse({ as_of: '2023-07-02T12:00:00Z' }).as_of).toBe('2023-07-02');
    expect(forecastQuerySchema.parse({ as_of: '2023-07-02T23:30:00-01:00' }).as_of).toBe('2023-07-03');
    expect(issues({ as_of: '2024-02-30' })[0]?.path).toBe('as_of');
    expect(issues({ as_of: 'soon' })[0]?.path).toBe('as_of');
    expect(issues({ as_of: '1800' })[0]?.path).toBe('as_of');
  });

  it('names an unknown key', () => {
    const r = forecastQuerySchema.safeParse({ stock_p50: '1' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('stock_p50');
  });

  it('names the parameter of a p5 > p95 pair', () => {
    const found = issues({ model: 'simple', demand_growth_p5: '3', demand_growth_p95: '2' });
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('demand_growth_p5');
    expect(found[0]?.message).toContain('demand_growth_p95');
  });

  it('takes each parameter only with the model it belongs to, and names it', () => {
    expect(issues({ stock_p5: '1e14' })).toEqual([
      { path: 'stock_p5', message: 'stock_p5 applies only to model=simple (this request is model=epoch)' }
    ]);
    expect(issues({ model: 'simple', branch: 'compute' })[0]?.path).toBe('branch');
    expect(issues({ model: 'simple', inputs: 'live' })[0]?.path).toBe('inputs');
    expect(issues({ branch: 'future' })[0]?.path).toBe('branch');
    expect(issues({ inputs: 'mine' })[0]?.path).toBe('inputs');
    expect(issues({ model: 'epochs' })[0]?.path).toBe('model');
    expect(forecastQuerySchema.parse({ branch: 'compute', inputs: 'live', ai_share: 'on' })).toEqual({
      branch: 'compute',
      inputs: 'live',
      ai_share: 'on'
    });
  });

  it("refuses the AI-share scenario with published inputs, which are exactly the paper's", () => {
    expect(issues({ ai_share: 'on' })[0]?.path).toBe('ai_share');
    expect(issues({ inputs: 'published', ai_share: 'on' })[0]?.message).toContain('inputs=live');
    expect(issues({ ai_share: 'off' })).toEqual([]);
  });

  it('rejects values out of range or not numbers', () => {
    expect(issues({ model: 'simple', stock_p5: '0' })[0]?.path).toBe('stock_p5');
    expect(issues({ model: 'simple', stock_p5: '' })[0]?.path).toBe('stock_p5');
    expect(issues({ model: 'simple', stock_p5: 'Infinity' })[0]?.path).toBe('stock_p5');
    expect(issues({ model: 'simple', stock_p5: '0x10' })[0]?.path).toBe('stock_p5');
    expect(issues({ overtraining: '0.5' })[0]?.path).toBe('overtraining');
    expect(issues({ overtraining: '101' })[0]?.path).toBe('overtraining');
    expect(issues({ draws: '99' })[0]?.path).toBe('draws');
    expect(issues({ draws: '1000.5' })[0]?.path).toBe('draws');
    expect(issues({ draws: '1000001' })[0]?.path).toBe('draws');
    expect(issues({ seed: '-1' })[0]?.path).toBe('seed');
    expect(issues({ seed: '4294967296' })[0]?.path).toBe('seed');
  });
});

describe('mergeForecastQuery', () => {
  it('turns as_of into the decimal year of its day for the model', () => {
    const r = mergeForecastQuery(publishedInputs(), forecastQuerySchema.parse({ as_of: '2025-07-02' }));
    expect(r.ok && r.inputs.asOf).toBe(dayToDecimalYear('2025-07-02'));
  });

  it('overlays the query on the defaults and fills draws and seed', () => {
    const r = mergeForecastQuery(publishedInputs(), forecastQuerySchema.parse({ overtraining: '5' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.inputs).toEqual({ ...publishedInputs(), overtraining: 5 });
    expect(r.draws).toBe(100_000);
    expect(r.seed).toBe(1);
  });

  it('catches a pair put out of order by one end and names the sent parameter', () => {
    const r = mergeForecastQuery(publishedInputs(), forecastQuerySchema.parse({ model: 'simple', stock_p95: '1e13' }));
    expect(r).toMatchObject({ ok: false, param: 'stock_p95' });
  });
});

describe('decimal years', () => {
  it('round-trips', () => {
    const d = new Date(Date.UTC(2028, 4, 27, 6));
    expect(fromDecimalYear(toDecimalYear(d)).getTime()).toBeCloseTo(d.getTime(), -1);
    expect(toDecimalYear(new Date(Date.UTC(2025, 0, 1)))).toBe(2025);
  });
});
