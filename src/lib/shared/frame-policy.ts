// Who may frame the pages: the site itself only, and for the wall also the origins an operator
// lists in WALL_FRAME_ANCESTORS (a wall display is often a dashboard embedded in another page).
// Checked at start, so a typo stops the server instead of silently opening or closing the wall.

/** An origin (scheme, host, optional port; `*.` allowed at the start of the host) or 'self'. */
const SOURCE = /^(?:'self'|https?:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)$/i;

/** The origins of WALL_FRAME_ANCESTORS (space-separated), checked; throws naming the bad one. */
export function parseFrameAncestors(value: string | undefined): string[] {
  const sources = (value ?? '').split(/\s+/).filter((s) => s !== '');
  for (const s of sources) {
    if (!SOURCE.test(s)) {
      throw new Error(`WALL_FRAME_ANCESTORS: ${JSON.stringify(s)} is not an origin such as https://intranet.example.org or 'self'`);
    }
  }
  return sources;
}

/** The frame-ancestors directive for a page path. */
export function frameAncestorsFor(path: string, wallAncestors: readonly string[]): string {
  const wall = path === '/wall' || path.startsWith('/wall/');
  const extra = wall ? wallAncestors.filter((s) => s !== "'self'") : [];
  return `frame-ancestors 'self'${extra.length > 0 ? ` ${extra.join(' ')}` : ''}`;
}
