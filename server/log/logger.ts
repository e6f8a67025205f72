// Structured JSON logging (pino) whose every line passes through the card-number redactor before it is written.
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { redactDigitRuns } from './redact.js';

export type { Logger };

export interface LogSink {
  write(line: string): void;
}

/** A pino logger writing JSON lines to `sink` (default stdout), with digit runs that could be a PAN removed. */
export function createLogger(level: LevelWithSilent, sink: LogSink = process.stdout): Logger {
  const destination = { write: (line: string) => sink.write(redactDigitRuns(line)) };
  return pino(
    {
      level,
      base: { service: 'ivrpay' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Collects log lines in memory: for tests that assert on (and scan) what the server logged. */
export class MemorySink implements LogSink {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  text(): string {
    return this.lines.join('');
  }
}
