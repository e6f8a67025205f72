// Build of the <ivr-pay> widget (one script for a <script> tag, and an ES module) and the vitest projects.
/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { softphoneChunk } from './widget/softphone/build.js';

export default defineConfig({
  // the softphone (sip.js) is a separate ES chunk beside the widget, loaded only in softphone mode
  plugins: [softphoneChunk(import.meta.dirname)],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: 'widget/index.ts',
      name: 'IvrPay',
      formats: ['iife', 'es'],
      fileName: (format) => (format === 'iife' ? 'ivr-pay.js' : 'ivr-pay.mjs'),
    },
    // lib mode leaves the ES build unminified by default (to keep pure annotations for re-bundlers); the
    // module self-registers <ivr-pay>, so nothing in it is tree-shaken away downstream: minify it too.
    rolldownOptions: { output: { minify: true } },
  },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'widget/**/*.test.ts', 'console/**/*.test.ts', 'freeswitch/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // the same integration files on Postgres: one scratch server for the run (global setup), a database per Stack
        test: {
          name: 'integration-pg',
          include: ['test/integration/**/*.test.ts'],
          env: { IVRPAY_TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
