// CLI: runs capture scenarios against an ESL server (real FreeSWITCH or the simulator) and writes scrubbed .esl fixtures.
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { RawEslClient } from '../testing/esl-client.js';
import { formatTranscript } from '../testing/transcript.js';
import { scrubTranscript } from '../testing/scrub.js';
import { SCENARIOS } from './scenarios.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8031' },
    password: { type: 'string', default: 'ClueCon' },
    out: { type: 'string', default: '/tmp/esl-captures' },
    only: { type: 'string' },
    'record-dir': { type: 'string', default: '/tmp' },
    'fs-cli': { type: 'string', default: '/opt/fs/bin/fs_cli' },
    label: { type: 'string', default: 'FreeSWITCH' },
  },
});

const port = Number(values.port);
mkdirSync(values.out!, { recursive: true });
for (const s of SCENARIOS) {
  if (values.only && !s.file.startsWith(values.only)) continue;
  const c = await RawEslClient.connect(values.host!, port);
  const started = new Date().toISOString();
  let failure: unknown;
  try {
    await s.run(c, {
      recordDir: values['record-dir']!,
      shutdownFromOutside: async () => {
        execFileSync(values['fs-cli']!, ['-H', values.host!, '-P', String(port), '-p', values.password!, '-x', 'fsctl shutdown']);
      },
    });
  } catch (e) {
    failure = e;
    c.note(`!!! scenario aborted: ${(e as Error).message}`);
    c.destroy();
  }
  const head = [
    `${s.file.replace(/\.esl$/, '')}: captured by freeswitch/sim/capture/run.ts from ${values.label} at ${values.host}:${port} on ${started}`,
    ...s.description,
    'Format: records "@@ <dir> <ms> <len>" + exactly <len> raw bytes + "\\n"; S>C = server->client, C>S = client->server;',
    '"@@ EOF S>C" = server closed its side, "@@ CLOSE" = socket closed; "#" lines are annotations.',
  ];
  writeFileSync(`${values.out}/${s.file}`, scrubTranscript(formatTranscript(head, c.records)));
  console.log(`${failure ? 'FAILED' : 'ok'} ${s.file} (${c.messages.length} messages)${failure ? `: ${(failure as Error).message}` : ''}`);
}
