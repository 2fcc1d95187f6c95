// Models k8s.io/apimachinery/pkg/util/wait's Until(f, period, stopCh): run f every period until stopped. Here
// each run is one step of the loop on the virtual clock (a periodic timer: it waits for `time advance`).
import type { Loop, StepDetail, Timer, Work } from './loop';

export class Periodic {
  private timer?: Timer;
  private stopped = true;

  constructor(
    private readonly loop: Loop,
    private readonly periodMs: number,
    private readonly work: Work,
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.loop.after(this.periodMs, {
      ...this.work,
      // The next run is armed first, so a run that fails still leaves the loop ticking (as wait.Until does).
      run: (): ReturnType<Work['run']> => {
        this.arm();
        return this.work.run() as void | StepDetail | Promise<void | StepDetail>;
      },
    });
  }
}
