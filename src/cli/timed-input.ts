// A free-text prompt with a live clock under it (the mock interview's): elapsed time and time left, ticking
// every second while the learner types. Built on @inquirer/core, the engine of @inquirer/prompts.
import { createPrompt, isEnterKey, makeTheme, useEffect, useKeypress, usePrefix, useState } from '@inquirer/core';
import { clock } from './ask';

export interface TimedInputConfig {
  message: string;
  /** When the interview started and how long it may take (ms since the epoch, ms). */
  startedAt: number;
  limitMs: number;
  /** Dims the clock line (chalk.dim or identity). */
  dim?: (s: string) => string;
}

export function clockLine(startedAt: number, limitMs: number, now: number): string {
  const left = limitMs - (now - startedAt);
  return `⏱ ${clock(now - startedAt)} elapsed · ${left > 0 ? `${clock(left)} left` : 'time is up — finish this answer'}`;
}

export const timedInput = createPrompt<string, TimedInputConfig>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [value, setValue] = useState('');
  const [now, setNow] = useState(Date.now());
  const prefix = usePrefix({ status, theme });
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useKeypress((key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      // readline has already cleared its line on Enter: the answer is what we kept from the last keypress.
      setStatus('done');
      done(value);
    } else {
      setValue(rl.line);
    }
  });
  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(value)}`;
  const dim = config.dim ?? ((s: string) => s);
  return [`${prefix} ${message} ${value}`, dim(clockLine(config.startedAt, config.limitMs, now))];
});
