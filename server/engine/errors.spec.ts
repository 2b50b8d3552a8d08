import { describe, expect, it } from 'vitest';
import { toEngineError } from './errors';

/** An error shaped as chDB raises it: a ClickHouse code and its message. */
const chError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('engine error kinds', () => {
  it('tells storage, missing-part and memory faults from a refused query', () => {
    const cases: [Error, string][] = [
      [
        chError(
          '1001',
          'std::__1::filesystem::filesystem_error: filesystem error: in file_size: No such file or directory ["/d/data.cmrk4"]'
        ),
        'storage'
      ],
      [chError('76', 'Cannot open file /d/x.bin'), 'storage'],
      [chError('246', 'CORRUPTED_DATA'), 'storage'],
      [chError('232', 'No such data part 202505_1_1_0'), 'missing_part'],
      [chError('241', 'Memory limit (total) exceeded: would use 9.31 GiB'), 'memory'],
      [chError('159', 'Timeout exceeded'), 'timeout'],
      [chError('202', 'Too many simultaneous queries'), 'overloaded'],
      [chError('62', 'Syntax error'), 'query'],
      [chError('60', "Table default.x doesn't exist"), 'query']
    ];
    for (const [e, kind] of cases) expect([e.message, toEngineError(e, 'SELECT 1').kind]).toEqual([e.message, kind]);
  });
});
