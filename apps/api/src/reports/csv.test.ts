import { expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

it('writes CSV safely', () => {
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('=cmd()')).toBe("'=cmd()");
  expect(csvCell(-3)).toBe('-3');
  expect(csvCell(null)).toBe('');
  expect(toCsv(['a', 'b'], [[1, 'x\ny']])).toBe('a,b\r\n1,"x\ny"\r\n');
});
