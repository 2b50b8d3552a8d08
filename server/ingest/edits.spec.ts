import { describe, expect, it } from 'vitest';
import { applyEdits } from './edits';

const edit = (text: string, at: number[], texts: string[]) => applyEdits(Buffer.from(text), { editAt: at, editText: texts }).toString();

describe('applying a scan’s edits to the bytes of a stretch', () => {
  it('returns the stretch itself when nothing is edited', () => {
    const b = Buffer.from('{"a":1}\n{"b":2}\n');
    expect(applyEdits(b, { editAt: [], editText: [] })).toBe(b);
  });

  it('adds members before the closing brace, blanks and CR after it kept', () => {
    expect(edit('{"a":1}\n{"b":{"c":2}}  \r\n{"d":3}', [1], [',"e":4'])).toBe('{"a":1}\n{"b":{"c":2},"e":4}  \r\n{"d":3}');
    expect(edit('{"a":1}', [0], [',"e":4'])).toBe('{"a":1,"e":4}');
  });

  it('replaces whole lines, the others byte for byte, blank lines and multi-byte text included', () => {
    const text = '{"t":"ü€😀"}\r\n\n  \n{"x":"}"}\n{"y":2}\n';
    expect(edit(text, [3, 4], ['{"x":"X"}', ',"z":"é"'])).toBe('{"t":"ü€😀"}\r\n\n  \n{"x":"X"}\n{"y":2,"z":"é"}\n');
  });

  it('leaves out a line with its newline when the edit is empty', () => {
    expect(edit('{"a":1}\n\n{"b":2}\n', [1], [''])).toBe('{"a":1}\n{"b":2}\n');
    expect(edit('{"a":1}\n\n\n{"b":2}', [1, 2, 3], ['', '', ',"c":3'])).toBe('{"a":1}\n{"b":2,"c":3}');
  });

  it('edits the first and last line of a stretch without a final newline', () => {
    expect(edit('{"a":1}\n{"b":2}', [0, 1], ['{"a":"one"}', ',"c":3'])).toBe('{"a":"one"}\n{"b":2,"c":3}');
  });
});
