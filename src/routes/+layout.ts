// Dashboards draw with ECharts in the browser and take their data over the socket: render on
// the client only, and serve the shell as static HTML.
export const ssr = false;
export const prerender = false;
