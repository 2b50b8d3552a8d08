import { describe, expect, it } from 'vitest';
import { frameAncestorsFor, parseFrameAncestors } from './frame-policy';

describe('frame policy', () => {
  it('lets only the site frame its pages, and the wall also the origins the operator lists', () => {
    const listed = parseFrameAncestors('https://intranet.example.org  http://10.0.0.5:8080 https://*.example.com');
    expect(frameAncestorsFor('/explore', listed)).toBe("frame-ancestors 'self'");
    expect(frameAncestorsFor('/', listed)).toBe("frame-ancestors 'self'");
    expect(frameAncestorsFor('/wall', listed)).toBe(
      "frame-ancestors 'self' https://intranet.example.org http://10.0.0.5:8080 https://*.example.com"
    );
    expect(frameAncestorsFor('/wall', parseFrameAncestors(undefined))).toBe("frame-ancestors 'self'");
  });

  it('refuses a setting that is not a list of origins, naming the bad entry', () => {
    for (const bad of ['*', 'intranet.example.org', "https://a.example; script-src 'unsafe-eval'", 'javascript:alert(1)']) {
      expect(() => parseFrameAncestors(bad)).toThrow(/WALL_FRAME_ANCESTORS: .* is not an origin/);
    }
  });
});
