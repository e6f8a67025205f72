// Serves the console (the Lit app built into dist/console) at /console/: assets as files, every other path the
// app's index.html (it routes in the browser), with a strict Content-Security-Policy and no framing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

export const CONSOLE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function mountConsole(app: Hono, opts: { dir: string }): void {
  app.use('/console/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONSOLE_CSP);
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
  });
  app.use('/console/assets/*', serveStatic({ root: opts.dir, rewriteRequestPath: (p) => p.replace(/^\/console/, '') }));
  app.get('/console', (c) => c.redirect('/console/'));
  app.get('/console/*', async (c) => {
    const index = join(opts.dir, 'index.html');
    if (!existsSync(index)) return c.text('The console is not built: run `npm run build`.\nコンソールがビルドされていません。`npm run build` を実行してください。', 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(index, 'utf8'));
  });
}
