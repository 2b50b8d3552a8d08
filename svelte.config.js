import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // adapter-node writes handler.js, which server/index.ts mounts beside the API and socket.io
    // in one Node process. `npm run build` (scripts/build.ts) sends it to a fresh release
    // directory; adapter-node empties its output directory first, so a bare `vite build` writes
    // to build/vite, where no server runs from, and never to build/ itself.
    adapter: adapter({ out: process.env.PDO_BUILD_OUT ?? 'build/vite' }),
    // The pages' Content-Security-Policy, written by SvelteKit with a nonce on its inline start-up
    // script. Nothing is evaluated from strings (no 'unsafe-eval'). Styles allow 'unsafe-inline'
    // because Svelte and ECharts set style attributes at run time; the socket connects to the same
    // origin ('self' covers ws: and wss: there); ECharts' image export uses data: and blob: URLs.
    // frame-ancestors is added per page in src/hooks.server.ts (WALL_FRAME_ANCESTORS).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self']
      }
    }
  }
};

export default config;
