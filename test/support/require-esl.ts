// `npm run test:freeswitch` guard: the integration suite is about to run against a real FreeSWITCH, so say
// clearly which one, or how to point at one, before vitest starts.
import { createConnection } from 'node:net';

const target = process.env.IVRPAY_TEST_ESL;
if (!target) {
  process.stderr.write(
    'IVRPAY_TEST_ESL is not set. Point the suite at a FreeSWITCH loaded with freeswitch/conf, e.g.\n' +
      '  ../shared/tools/run-freeswitch.sh freeswitch/conf\n' +
      '  IVRPAY_TEST_ESL=127.0.0.1:8021:ClueCon npm run test:freeswitch\n',
  );
  process.exit(2);
}
const [host, port] = target.split(':');
const socket = createConnection({ host, port: Number(port) });
socket.setTimeout(2_000, () => fail('no answer within 2 s'));
socket.once('error', (err) => fail(err.message));
socket.once('connect', () => {
  socket.destroy();
  process.stderr.write(`running the integration suite against the FreeSWITCH at ${host}:${port}\n`);
});

function fail(why: string): never {
  process.stderr.write(`cannot reach FreeSWITCH Event Socket at ${host}:${port} (${why}). Is it running with freeswitch/conf?\n`);
  process.exit(2);
}
