// The lint rule `clock` (eslint.config.js) catches every way a SQL string can read ClickHouse's
// own clock: each function and alias system.functions lists for it, and the keywords that need
// no parentheses. The probes are linted as if they were a file under server/.
import { Session } from 'chdb';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function clockErrors(sql: string): Promise<number> {
  const code = `export const q = ${JSON.stringify(sql)};\nexport const t = \`${sql.replace(/[`$\\]/g, '\\$&')}\`;\n`;
  const [result] = await eslint.lintText(code, { filePath: 'server/clock-probe.ts' });
  return result!.messages.filter((m) => m.message.startsWith('clock:')).length;
}

const READS_THE_CLOCK = [
  'SELECT now()',
  'SELECT now64(3)',
  'SELECT nowInBlock()',
  'SELECT nowInBlock64(3)',
  'SELECT today()',
  'SELECT yesterday()',
  'SELECT curdate()',
  'SELECT current_date()',
  'SELECT current_timestamp()',
  'SELECT localtime()',
  'SELECT localtimestamp()',
  'SELECT UTCTimestamp()',
  'SELECT UTC_timestamp()',
  'SELECT generateUUIDv7()',
  'SELECT generateSnowflakeID()',
  'WHERE ts >= NOW () - INTERVAL 1 DAY',
  'WHERE day = CURRENT_DATE',
  'WHERE ts < CURRENT_TIMESTAMP',
  'SELECT LOCALTIMESTAMP',
  'SELECT LOCALTIME'
];

describe('clock rule', () => {
  for (const sql of READS_THE_CLOCK) {
    it(`rejects ${sql} in a string and in a template`, async () => {
      expect(await clockErrors(sql)).toBe(2);
    });
  }
  it('covers every function the engine itself describes as reading the current date or time', async () => {
    // Asked of the engine the project ships, so a function a newer release adds fails here
    // until the rule lists it. timeSeriesFromGrid's text speaks of a "current timestamp" of its
    // own loop over the arguments; it reads no clock.
    const session = new Session();
    const names = session
      .query(
        "SELECT name FROM system.functions WHERE (description ILIKE '%current date%' OR description ILIKE '%current time%' OR alias_to IN ('now', 'now64', 'today', 'nowInBlock', 'UTCTimestamp')) AND name != 'timeSeriesFromGrid'",
        'TSV'
      )
      .toString()
      .trim()
      .split('\n');
    session.close();
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) expect(await clockErrors(`SELECT ${name}()`), name).toBe(2);
  });

  it('accepts the time passed as a bound parameter, and prose that says "now"', async () => {
    expect(await clockErrors('WHERE ts >= {now:DateTime64(3)} - INTERVAL 1 DAY')).toBe(0);
    expect(await clockErrors('the request is refused now; retry today')).toBe(0);
  });
});
