// The capture scenarios run against the simulator as they ran against the real switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../index.js';
import { RawEslClient } from '../testing/esl-client.js';
import { soundsFixture } from '../testing/harness.js';
import { checkFraming } from '../testing/compare.js';
import { containsTestCard } from '../testing/scrub.js';
import { formatTranscript } from '../testing/transcript.js';
import { SCENARIOS } from './scenarios.js';

let sounds: ReturnType<typeof soundsFixture>;
beforeAll(() => {
  sounds = soundsFixture();
});
afterAll(() => sounds.remove());

// The capture scenarios must run on the simulator as they ran on the real switch (run.ts records either).
describe('capture scenarios against the simulator', () => {
  for (const s of SCENARIOS) {
    it.concurrent(s.file, { timeout: 30_000 }, async () => {
      const sim = await startSimulator({ soundsDir: sounds.dir });
      const c = await RawEslClient.connect(sim.host, sim.port);
      try {
        await s.run(c, { recordDir: '/tmp', shutdownFromOutside: () => sim.shutdown() });
        expect(checkFraming(c.messages)).toEqual([]);
        expect(c.messages.length).toBeGreaterThan(10);
        expect(containsTestCard(formatTranscript([], c.records).toString('latin1'))).toBe(false);
      } finally {
        c.destroy();
        await sim.close();
      }
    });
  }
});
