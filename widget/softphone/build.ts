// Vite plugin: after the widget build, builds the softphone chunk (sip.js + <ivr-pay-softphone>) as its own ES module
// beside it, so the IIFE status widget stays small and imports the chunk from its own URL only in softphone mode.
import { resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { SOFTPHONE_CHUNK } from './loader.js';

export function softphoneChunk(root: string): Plugin {
  let done = false;
  return {
    name: 'ivrpay-softphone-chunk',
    apply: 'build',
    // the loader reads import.meta.url only in the ES build; in the IIFE it uses document.currentScript, so the IIFE's
    // empty import.meta is expected there
    onLog(_level, log) {
      if (log.code === 'EMPTY_IMPORT_META' && (log.id ?? '').includes('softphone/loader')) return false;
    },
    async closeBundle() {
      if (done) return;
      done = true;
      await build({
        configFile: false,
        root,
        logLevel: 'info',
        build: {
          outDir: resolve(root, 'dist/widget'),
          emptyOutDir: false,
          sourcemap: true,
          reportCompressedSize: true,
          lib: { entry: resolve(root, 'widget/softphone/index.ts'), formats: ['es'], fileName: () => SOFTPHONE_CHUNK },
          rolldownOptions: { output: { minify: true } },
        },
      });
    },
  };
}
