// Resolution dependency-cruiser cannot take from tsconfig.json: SvelteKit's $lib alias as the
// <script> blocks of .svelte files use it.
const { join } = require('node:path');
module.exports = { resolve: { alias: { $lib: join(__dirname, '..', '..', 'src', 'lib') } } };
