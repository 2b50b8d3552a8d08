import { describe, expect, it } from 'vitest';
import { neutraliseCsv } from './csv-safe';

describe('CSV exports', () => {
  it('turns text cells a spreadsheet would run as formulas into text', () => {
    const csv = '"model","tokens"\n"=HYPERLINK(""http://x"",""y"")",5\n"+1",6\n"@SUM(A1)",7\n"-2+3",8\n"\tx",9\n';
    expect(neutraliseCsv(csv)).toBe(
      '"model","tokens"\n"\'=HYPERLINK(""http://x"",""y"")",5\n"\'+1",6\n"\'@SUM(A1)",7\n"\'-2+3",8\n"\'\tx",9\n'
    );
  });

  it('leaves numbers, dates and ordinary text alone, including quotes and separators inside cells', () => {
    const csv = '"t","v","s"\n"2025-01-01",-5,"a, ""=b"""\n"2025-01-02",1e-3,"x\ny=1"\n';
    expect(neutraliseCsv(csv)).toBe(csv);
  });
});
