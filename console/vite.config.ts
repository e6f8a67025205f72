// Build of the management console: a Lit app served by the server at /console/ (dist/console).
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  root: resolve(import.meta.dirname),
  base: '/console/',
  build: { outDir: resolve(import.meta.dirname, '../dist/console'), emptyOutDir: true, sourcemap: true },
});
