/**
 * A text cell that starts with = + - @ or a tab or carriage return is run as a formula by Excel,
 * LibreOffice and Google Sheets (`=HYPERLINK(...)` becomes a live link). Data from producers is
 * untrusted, so such cells get a leading apostrophe, which spreadsheets show as text and hide.
 * ClickHouse's CSV writer quotes every text value and no number, so only quoted cells are looked
 * at: negative numbers stay numbers.
 */
const RISKY = /^[=+\-@\t\r]/;

export function neutraliseCsv(csv: string): string {
  const out: string[] = [];
  let i = 0;
  let cellStart = true;
  let plainFrom = 0;
  while (i < csv.length) {
    const c = csv.charCodeAt(i);
    if (cellStart && c === 34) {
      // A quoted cell runs to the quote not followed by another ("" is an escaped quote).
      let end = i + 1;
      for (;;) {
        const q = csv.indexOf('"', end);
        if (q === -1) {
          end = csv.length;
          break;
        }
        if (csv.charCodeAt(q + 1) === 34) end = q + 2;
        else {
          end = q + 1;
          break;
        }
      }
      if (RISKY.test(csv.slice(i + 1, i + 2))) {
        out.push(csv.slice(plainFrom, i + 1), "'");
        plainFrom = i + 1;
      }
      i = end;
      cellStart = false;
      continue;
    }
    cellStart = c === 44 || c === 10;
    i++;
  }
  out.push(csv.slice(plainFrom));
  return out.join('');
}
