// Common Crawl names each crawl CC-MAIN-<year>-<ISO week> (CC-MAIN-2024-10: 2024, week 10). The
// oldest crawls break the pattern: CC-MAIN-2008-2009 and CC-MAIN-2009-2010 span two years, and
// CC-MAIN-2012 names only its year.

/** The Monday of ISO week `week` of `year`, as YYYY-MM-DD. */
function isoWeekMonday(year: number, week: number): string {
  // 4 January is always in ISO week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(jan4 - dow * 86_400_000 + (week - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** Weeks in an ISO year: 53 when 1 January or (leap years) 31 December is a Thursday. */
function isoWeeks(year: number): number {
  const thursday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).getUTCDay() === 4;
  return thursday(year, 0, 1) || thursday(year, 11, 31) ? 53 : 52;
}

/**
 * The date a crawl is counted at: the Monday of its ISO week; for an id that names only years
 * (one, or a span of two), 1 January of the first. Null for an id that is not a crawl id.
 */
export function crawlDate(id: string): string | null {
  const m = /^CC-MAIN-(\d{4})(?:-(\d{2}|\d{4}))?$/.exec(id.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const tail = m[2];
  if (tail === undefined) return `${year}-01-01`;
  if (tail.length === 4) return Number(tail) === year + 1 ? `${year}-01-01` : null;
  const week = Number(tail);
  if (week < 1 || week > isoWeeks(year)) return null;
  return isoWeekMonday(year, week);
}
