import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // adapter-node writes build/handler.js, which server/index.ts mounts beside the API and
    // socket.io in one Node process.
    adapter: adapter({ out: 'build' })
  }
};

export default config;
