// Runs the FreeSWITCH simulator standalone: `npx tsx freeswitch/sim/cli.ts [--port 8021] [--password ClueCon] [--host 127.0.0.1] [--sounds dir]`.
import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8021' },
    password: { type: 'string', default: 'ClueCon' },
    sounds: { type: 'string', default: './freeswitch/sounds' },
  },
});

const sim = await startSimulator({ host: values.host, port: Number(values.port), password: values.password, soundsDir: values.sounds });
console.log(`FreeSWITCH simulator: Event Socket on ${sim.host}:${sim.port}`);
const stop = () => void sim.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
