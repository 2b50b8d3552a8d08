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
    adapter: adapter({ out: process.env.PDO_BUILD_OUT ?? 'build/vite' })
  }
};

export default config;
