import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * In dev, the API, socket.io and the engine run inside Vite's server (server/dev/dev-app.ts).
 * The module is loaded through Vite's SSR loader rather than imported here, so building or
 * syncing the front end never loads the server and its native engine.
 */
function observatoryDev(): Plugin {
  return {
    name: 'peak-data-observatory-dev',
    apply: 'serve',
    async configureServer(server) {
      const mod = (await server.ssrLoadModule('/server/dev/dev-app.ts')) as typeof import('./server/dev/dev-app');
      await mod.mountDev(server.middlewares, server.httpServer as import('node:http').Server | null);
    }
  };
}

export default defineConfig({
  plugins: [observatoryDev(), sveltekit()],
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
  ssr: { external: ['chdb', '@clickhouse/client', 'socket.io', 'prom-client'] },
  build: { chunkSizeWarningLimit: 1200 }
});
