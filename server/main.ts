// `npm start`: reads the configuration, starts ivrpay, prints where to open it, shuts down cleanly on a signal.
import { ConfigError, loadConfig } from './config.js';
import { startIvrpay } from './ivrpay.js';

try {
  const config = loadConfig();
  const ivr = await startIvrpay(config);
  const lines = [
    '',
    `  ivrpay is running at ${ivr.url}`,
    ivr.demo ? `  demo CRM page:  ${ivr.url}/demo/` : '',
    `  console:        ${ivr.url}/console/`,
    ivr.console.demoLogin ? `  demo sign-in:   ${ivr.console.demoLogin.loginId} / ${ivr.console.demoLogin.password}   (デモ用。起動ごとに変わります / new at every start)` : '',
    `  widget script:  ${ivr.url}/widget/ivr-pay.js`,
    `  FreeSWITCH:     ${ivr.simulator ? 'built-in simulator (no FreeSWITCH answered at ' + config.esl.host + ':' + config.esl.port + ')' : `${config.esl.host}:${config.esl.port}`}`,
    '',
  ].filter((l) => l !== '');
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    ivr.log.info({ signal }, 'shutting down');
    await ivr.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`ivrpay: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
