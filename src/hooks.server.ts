import type { Handle } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { frameAncestorsFor, parseFrameAncestors } from '$lib/shared/frame-policy';

// Read once at start: a bad value stops the server with the variable named.
const wallAncestors = parseFrameAncestors(env.WALL_FRAME_ANCESTORS);

/**
 * Security headers of every page. SvelteKit writes the Content-Security-Policy itself (kit.csp in
 * svelte.config.js, with a nonce on its inline start-up script); the frame policy is added here
 * because it depends on the page and on the operator's WALL_FRAME_ANCESTORS, known only at run time.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const frame = frameAncestorsFor(event.url.pathname, wallAncestors);
  const csp = response.headers.get('content-security-policy');
  response.headers.set('content-security-policy', csp ? `${csp}; ${frame}` : frame);
  response.headers.set('x-content-type-options', 'nosniff');
  // For browsers without frame-ancestors; left off where other origins may frame the wall.
  if (!frame.includes(' http')) response.headers.set('x-frame-options', 'SAMEORIGIN');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};
